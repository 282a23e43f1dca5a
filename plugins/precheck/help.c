/* SPDX-License-Identifier: GPL-3.0-or-later */
/* help.c - the precheck plugin's --help and usage texts; the common
 * options' words are core/help.c's. */
#include "config.h"
#include "precheck.h"
#include "help.h"

#include <stdio.h>

const char *precheck_usage(void)
{
	/* No '|' anywhere: a monitoring core reads whatever follows one as
	 * perfdata, on any line of the output. */
	return "Usage: " PRECHECK_PROGNAME " {-U URL or -H HOST [-p PORT] [-S] or -f FILE} -r ID\n"
	       "       [--access-key-id ID --secret-key-file FILE] [--token-file FILE]\n"
	       "       [-t SECONDS[:STATE]] [--retries N] [--map VALUE=STATE]... [--ignore-item ID]...\n"
	       "       [--warn-item ID]... [--error-state STATE] [--output-format FORMAT]\n"
	       "       [--output-file PATH] [--extra-opts [SECTION][@FILE]] [-v]...\n";
}

void precheck_help(void)
{
	help_version(PRECHECK_PROGNAME);
	fputs("\n"
	      "Checks the precheck status of one replication task through NineData's\n"
	      "OpenAPI (GET " PRECHECK_PATH "?replicationId=ID)\n"
	      "and reports it as a monitoring result: success OK, warning WARNING, failure\n"
	      "CRITICAL, anything it cannot judge UNKNOWN.\n"
	      "\n",
	      stdout);
	fputs(precheck_usage(), stdout);
	fputs("\n", stdout);
	help_general(PRECHECK_PROGNAME);
	help_target(PRECHECK_PATH);
	help_auth();
	help_transport(PRECHECK_PROGNAME);
	fputs("Judgement:\n", stdout);
	help_judgement("Built in: success=OK,\n"
	               "    warning=WARNING, failure=CRITICAL; any other value is UNKNOWN.");
	fputs(" --ignore-item=ITEMID\n"
	      "    Leave out items whose itemId matches (shell wildcards); repeatable.\n"
	      " --warn-item=ITEMID\n"
	      "    Report a failing matching item as WARNING at most; repeatable.\n"
	      "\n",
	      stdout);
	help_output("item", PRECHECK_SERVICE " <ID>", "a local check line");
	fputs("States:\n"
	      "  The result is the worst of precheckStatus and every item (CRITICAL >\n"
	      "  WARNING > UNKNOWN > OK), so it is never better than any part of the\n"
	      "  answer. When --ignore-item or --warn-item changes an item (caps a\n"
	      "  failure, or leaves out an item that did not pass), the items alone\n"
	      "  decide, since precheckStatus counts that item too; a pattern that\n"
	      "  changes nothing changes nothing. Without items, precheckStatus decides.\n"
	      "\n"
	      "Output format (nagios):\n"
	      "  PRECHECK <STATE> - <ID>: <summary>, then the perfdata separator and\n"
	      "    items=N;;;0 success=N;;;0 warning=N;;;0 failure=N;;;0 unknown=N;;;0\n"
	      "    ignored=N;;;0 time=Ss;;;0\n"
	      "  [CRITICAL] <itemName> (<itemId>): <message>     (one line per item)\n"
	      "\n"
	      "Examples:\n"
	      "  " PRECHECK_PROGNAME " -U https://ninedata.example.com -r rp-div0qqpbffio \\\n"
	      "      --access-key-id AKIDexample0000 --secret-key-file /etc/nagios/ninedata.secret\n"
	      "  " PRECHECK_PROGNAME " -U https://api.example.com -r rp-div0qqpbffio \\\n"
	      "      --token-file /etc/nagios/replication.token\n"
	      "  " PRECHECK_PROGNAME
	      " -H 10.0.0.5 -S -r rp-div0qqpbffio --extra-opts=@/etc/nagios/repl.ini\n"
	      "  " PRECHECK_PROGNAME " -f - -r rp-div0qqpbffio < saved-response.json\n"
	      "  " PRECHECK_PROGNAME " ... --output-format=prometheus \\\n"
	      "      --output-file=/var/lib/prometheus/node-exporter/precheck.prom\n"
	      "\n",
	      stdout);
	help_exit_codes();
}
