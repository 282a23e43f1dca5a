#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gencerts.sh DIR - creates throw-away TLS material for the test server.
#
# Writes into DIR (created if needed):
#   ca.crt ca.key                 test CA ("precheck test CA")
#   server.crt server.key         valid for 127.0.0.1 and localhost (SAN)
#   wronghost.crt wronghost.key   valid, signed by the CA, SAN only wrong.example
#   expired.crt expired.key       right names, validity 2020-01-01 .. 2020-01-02
#   client.crt client.key         client certificate (clientAuth) signed by the CA
#   other-ca.crt                  an unrelated CA (for "wrong --ca-cert" cases)
#
# Nothing here is ever committed; callers use a fresh temporary directory.
# Needs only the openssl command line tool (OpenSSL 1.1.1 or 3.x).
set -eu

dir=${1:?usage: gencerts.sh DIR}
openssl=${OPENSSL:-openssl}
mkdir -p "$dir"
cd "$dir"
umask 077

key() {
	"$openssl" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# Every extension is spelt out here and the system's openssl.cnf is never
# read: OpenSSL 1.1.1's 'req -x509 -addext' adds to the config's v3_ca
# extensions instead of replacing them, and a CA certificate that carries
# basicConstraints twice is invalid there, so no chain to it is found
# ("unable to get local issuer certificate"). Key identifiers are stated
# too, so the certificates are alike on every version: 3.x adds them by
# default, 1.1.1 only when asked.
cat > req.cnf <<'CNF'
[ req ]
distinguished_name = dn
[ dn ]
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

make_ca() { # name subject
	key "$1.key"
	"$openssl" req -config req.cnf -extensions ca_ext -x509 -new -key "$1.key" \
		-out "$1.crt" -days 3650 -sha256 -subj "$2" 2>/dev/null
}

make_ca ca "/CN=precheck test CA"
# An unrelated CA, never used to sign anything the server presents.
make_ca other-ca "/CN=unrelated test CA"

sign() { # name subject san eku
	key "$1.key"
	"$openssl" req -config req.cnf -new -key "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
	{
		echo "basicConstraints=critical,CA:FALSE"
		echo "keyUsage=critical,digitalSignature,keyEncipherment"
		echo "extendedKeyUsage=$4"
		echo "subjectKeyIdentifier=hash"
		echo "authorityKeyIdentifier=keyid"
		[ -n "$3" ] && echo "subjectAltName=$3"
		true
	} > "$1.ext"
	"$openssl" x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
		-out "$1.crt" -days 30 -sha256 -extfile "$1.ext" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}

sign server "/CN=localhost" "DNS:localhost,IP:127.0.0.1" serverAuth
sign wronghost "/CN=wrong.example" "DNS:wrong.example" serverAuth
sign client "/CN=precheck-client" "" clientAuth

# Expired: 'openssl x509' cannot set a start date in the past before
# OpenSSL 3.4, 'openssl ca' can.
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca-db/ca.cnf <<CNF
[ ca ]
default_ca = testca
[ testca ]
database = $PWD/ca-db/index.txt
serial = $PWD/ca-db/serial
new_certs_dir = $PWD/ca-db
certificate = $PWD/ca.crt
private_key = $PWD/ca.key
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
x509_extensions = server_ext
[ anything ]
commonName = supplied
[ server_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
key expired.key
"$openssl" req -config req.cnf -new -key expired.key -out expired.csr -subj "/CN=localhost" 2>/dev/null
"$openssl" ca -batch -notext -config ca-db/ca.cnf -in expired.csr -out expired.crt \
	-startdate 20200101000000Z -enddate 20200102000000Z 2>/dev/null
rm -rf expired.csr ca-db ca.srl other-ca.key req.cnf

# A certificate this OpenSSL refuses fails here, by name, and not as a TLS
# case that cannot reach its point. The expired one is checked without
# its dates (the CA itself did not exist in 2020).
"$openssl" verify -CAfile ca.crt server.crt wronghost.crt client.crt >/dev/null ||
	{ echo "gencerts.sh: $("$openssl" version) refuses the certificates above" >&2; exit 1; }
"$openssl" verify -CAfile ca.crt -no_check_time expired.crt >/dev/null ||
	{ echo "gencerts.sh: $("$openssl" version) refuses expired.crt for more than its dates" >&2; exit 1; }
chmod 644 ./*.crt
