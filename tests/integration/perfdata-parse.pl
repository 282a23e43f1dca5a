#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
# perfdata-parse.pl - reads perfdata strings, one per line, and writes one
# JSON object per line: "parsed", what Monitoring::Plugin's own parser
# (Monitoring::Plugin::Performance->parse_perfstring, Debian's
# libmonitoring-plugin-perl) makes of the string, one object per label with
# the fields as it read them; and "ranges", for each warn or crit field
# printed (the fields between ';'), what Monitoring::Plugin::Range reads
# from it, written back in its own form (null: refused). run-integration.py
# compares both with what the plugin printed. Exits 2 when the modules
# cannot be loaded: the caller reports that as a failure, never as a skip.
use strict;
use warnings;
use JSON::PP;

BEGIN {
	eval { require Monitoring::Plugin::Performance; require Monitoring::Plugin::Range; 1 } or do {
		print STDERR "perfdata-parse.pl: cannot load Monitoring::Plugin::Performance "
		    . "(install libmonitoring-plugin-perl): $@";
		exit 2;
	};
}

my $json = JSON::PP->new->canonical;
binmode STDIN, ':raw';
binmode STDOUT, ':raw';
while (my $line = <STDIN>) {
	chomp $line;
	my @parsed;
	for my $p (Monitoring::Plugin::Performance->parse_perfstring($line)) {
		push @parsed, { map { my $v = $p->$_; ($_ => defined $v ? "$v" : undef) }
		                qw(label value uom warning critical min max) };
	}
	my %ranges;
	for my $token (split ' ', $line) {
		my (undef, @fields) = split /;/, $token, -1;
		for my $t (grep { defined && length } @fields[0, 1]) {
			local $SIG{__WARN__} = sub { };   # it carps about what it refuses
			my $r = Monitoring::Plugin::Range->parse_range_string($t);
			$ranges{$t} = defined $r ? "$r" : undef;
		}
	}
	print $json->encode({ parsed => \@parsed, ranges => \%ranges }), "\n";
}
