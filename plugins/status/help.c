/* SPDX-License-Identifier: GPL-3.0-or-later */
/* help.c - the status plugin's --help and usage texts; the common
 * options' words are core/help.c's. */
#include "config.h"
#include "status_plugin.h"
#include "help.h"

#include <stdio.h>

const char *status_usage(void)
{
	/* No '|' anywhere: a monitoring core reads whatever follows one as
	 * perfdata, on any line of the output. */
	return "Usage: " STATUS_PROGNAME " {-U URL or -H HOST [-p PORT] [-S] or -f FILE} -r ID\n"
	       "       [--access-key-id ID --secret-key-file FILE] [-w RANGE] [-c RANGE]\n"
	       "       [-t SECONDS[:STATE]] [--retries N] [--map VALUE=STATE]... [--error-state STATE]\n"
	       "       [--output-format FORMAT] [--output-file PATH] [--extra-opts [SECTION][@FILE]]\n"
	       "       [-v]...\n";
}

void status_help(void)
{
	strbuf table = STRBUF_INIT;
	status_table_text(&table, "  ");
	help_version(STATUS_PROGNAME);
	fputs("\n"
	      "Checks one replication task through NineData's OpenAPI\n"
	      "(GET " STATUS_PATH "?replicationId=ID): its status, the status\n"
	      "of each subtask, and the incremental replication delay against thresholds.\n"
	      "\n",
	      stdout);
	fputs(status_usage(), stdout);
	fputs("\n", stdout);
	help_general(STATUS_PROGNAME);
	help_target(STATUS_PATH);
	help_auth();
	help_transport(STATUS_PROGNAME);
	fputs("Judgement:\n"
	      " -w, --warning=RANGE\n"
	      " -c, --critical=RANGE\n"
	      "    Thresholds for the delay of the incremental subtask (" STATUS_INC_SUBTASK
	      "), in\n"
	      "    Monitoring Plugins range syntax: 300 (alert above 300 s), 10: (below\n"
	      "    10), ~:90 (above 90), 10:20 (outside), @10:20 (inside). Every number\n"
	      "    may carry a unit: ms, s (default), m, h, as in 500ms or 5m. Without\n"
	      "    them the delay is reported and judged by nothing; with them, a delay\n"
	      "    that cannot be read (no " STATUS_INC_SUBTASK
	      ", not running, no delay) is UNKNOWN.\n",
	      stdout);
	help_judgement("The built-in table,\n"
	               "    for the task and each subtask alike (below).");
	fputs("\n", stdout);
	help_output("subtask", STATUS_SERVICE " <ID>", "a local check line");
	printf("Status table (the result is the worst of the task, its subtasks and\n"
	       "the delay thresholds; CRITICAL > WARNING > UNKNOWN > OK):\n%s\n",
	       table.data);
	fputs("Output format (nagios):\n"
	      "  REPLICATION <STATE> - <ID>: <status>, <current subtask>, delay <delay>,\n"
	      "    then the perfdata separator and delay=<seconds>s;<warn>;<crit>;0\n"
	      "    <subtask>_percent=<n>%;;;0;100 (one per subtask) time=<seconds>s;;;0\n"
	      "  [CRITICAL] <subtask>: <status>, <percent>%     (one line per subtask not OK)\n"
	      "\n"
	      "Examples:\n"
	      "  " STATUS_PROGNAME " -U https://ninedata.example.com -r rp-dbzfwn1n4f9b \\\n"
	      "      --access-key-id AKIDexample0000 --secret-key-file /etc/nagios/ninedata.secret \\\n"
	      "      -w 5m -c 15m\n"
	      "  " STATUS_PROGNAME " ... --output-format=json\n"
	      "\n",
	      stdout);
	help_exit_codes();
	strbuf_free(&table);
}
