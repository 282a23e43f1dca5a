/* SPDX-License-Identifier: GPL-3.0-or-later */
/* help.c - check_replication_tasks' --help and usage texts; the common
 * options' words are core/help.c's. */
#include "config.h"
#include "tasks.h"
#include "defaults.h"
#include "help.h"
#include "status_plugin.h"

#include <stdio.h>

const char *tasks_usage(void)
{
	/* No '|' anywhere: a monitoring core reads whatever follows one as
	 * perfdata, on any line of the output. */
	return "Usage: " TASKS_PROGNAME " {-U URL or -H HOST [-p PORT] [-S]}\n"
	       "       [--access-key-id ID --secret-key-file FILE] [--status VALUE]...\n"
	       "       [--type TYPE] [--keyword TEXT] [--datasource-id ID]\n"
	       "       [--source-datasource-id ID] [--target-datasource-id ID] [-r ID]...\n"
	       "       [--shard K/N] [--parallel N] [--page-size N] [-w RANGE] [-c RANGE]\n"
	       "       [--map VALUE=STATE]... [--min-tasks N] [--discover]\n"
	       "       [--output-format FORMAT] [--output-file PATH] [options]\n";
}

void tasks_help(void)
{
	strbuf table = STRBUF_INIT;
	status_table_text(&table, "  ");
	help_version(TASKS_PROGNAME);
	fputs("\n"
	      "Checks every replication task of a NineData account in one run: pages\n"
	      "through GET " TASKS_PATH " and judges each task from its own\n"
	      "GET " STATUS_PATH " exactly as check_replication_status\n"
	      "does, over a few kept-alive connections. A task in preCheckFailed also\n"
	      "shows its failing precheck items.\n"
	      "\n", stdout);
	fputs(tasks_usage(), stdout);
	fputs("\n", stdout);
	help_general(TASKS_PROGNAME);
	fputs("Target (one of -U, -H):\n"
	      " -U, --url=URL\n"
	      "    Base URL scheme://host[:port][/prefix]; the endpoint paths are appended.\n",
	      stdout);
	help_host();
	printf(" --path=PATH\n"
	       "    The list's endpoint path (default %s).\n"
	       "\n", TASKS_PATH);
	printf("Which tasks:\n"
	       " --status=VALUE\n"
	       "    Only tasks in this status; repeatable. One value is sent to the API as\n"
	       "    its filter; with more, the list is filtered here.\n"
	       " --type=default|forward|backward\n"
	       "    One-way tasks, or one half of two-way pairs.\n"
	       " --keyword=TEXT\n"
	       "    Tasks whose name holds TEXT (the API's keyword filter).\n"
	       " --datasource-id=ID, --source-datasource-id=ID, --target-datasource-id=ID\n"
	       "    Tasks with this datasource (as source or target), as source, as target.\n"
	       " -r, --replication-id=ID\n"
	       "    Only this task; repeatable. A task named but not in the list is\n"
	       "    UNKNOWN.\n"
	       " --shard=K/N\n"
	       "    Only the tasks whose replicationId falls in shard K of N: FNV-1a\n"
	       "    (64 bits) of its bytes, modulo N, plus 1. N satellites with shards\n"
	       "    1/N to N/N split one account with no overlap and no gap.\n"
	       " --min-tasks=N\n"
	       "    Fewer matching tasks is at least UNKNOWN, naming the filters (default\n"
	       "    %d; 0: an empty fleet is fine). A key that lost its rights must not\n"
	       "    read as \"0 problems\".\n"
	       " --discover\n"
	       "    Print the matching tasks as a JSON array (replication_id, name, type,\n"
	       "    status, source_datasource_id, target_datasource_id, multi_active_id)\n"
	       "    and judge none, for Icinga Director's file import.\n"
	       "\n", DEFAULT_MIN_TASKS);
	printf("How:\n"
	       " --parallel=N\n"
	       "    Requests under way at once, and connections at most (default %d, 1 to\n"
	       "    %d). They are kept alive for the whole run, and HTTP/2 is multiplexed\n"
	       "    when the server offers it.\n"
	       " --page-size=N\n"
	       "    Tasks asked for per list page (default %d, 1 to %d); the page size the\n"
	       "    service answers with is followed.\n"
	       "  The time budget (--timeout) bounds the whole run: a task not checked\n"
	       "  before it runs out is UNKNOWN, \"not checked\". A 429 or 503 with\n"
	       "  Retry-After holds back every new request until then and is retried;\n"
	       "  other retries follow --retries.\n"
	       "\n", DEFAULT_PARALLEL, MAX_PARALLEL, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
	help_auth();
	help_transport(TASKS_PROGNAME);
	fputs("Judgement (of each task, as check_replication_status judges it):\n"
	      " -w, --warning=RANGE\n"
	      " -c, --critical=RANGE\n"
	      "    Thresholds for each task's incremental delay (" STATUS_INC_SUBTASK "), in\n"
	      "    Monitoring Plugins range syntax with units ms, s (default), m, h.\n",
	      stdout);
	help_judgement("The built-in table,\n"
	               "    for each task and its subtasks alike (below).");
	fputs("\n", stdout);
	help_output("task", TASKS_SERVICE,
	            "one local check line per task, as check_replication_status prints\n"
	            "    it, then the fleet's");
	printf("Status table of each task:\n%s\n", table.data);
	fputs("States:\n"
	      "  The result is the worst of the tasks' (CRITICAL > WARNING > UNKNOWN > OK),\n"
	      "  a task not checked counting as UNKNOWN whatever --map says; fewer tasks\n"
	      "  than --min-tasks, or a task list that could not be read, is at least\n"
	      "  UNKNOWN (the list: --error-state).\n"
	      "\n"
	      "Output format (nagios):\n"
	      "  REPLICATION <STATE> - N tasks: 2 critical, 3 warning, 1 unknown, 6 ok,\n"
	      "    then the perfdata separator and tasks=N;;;0 ok=N;;;0 warning=N;;;0\n"
	      "    critical=N;;;0 unknown=N;;;0 unreached=N;;;0 delay_max=<s>s;<w>;<c>;0\n"
	      "    time=<s>s;;;0\n"
	      "  [CRITICAL] <name> (<replicationId>): <what check_replication_status says>\n"
	      "    (one line per task not OK, worst first; -v: every task)\n"
	      "  checkmk: each task's line as check_replication_status prints it, then\n"
	      "  a 'Replication tasks' line with the counts. prometheus: every task's\n"
	      "  samples, and replication_tasks{state}, replication_tasks_unreached.\n"
	      "  json: state, summary, counts and tasks, each check_replication_status's\n"
	      "  object for that task.\n"
	      "\n"
	      "Examples:\n"
	      "  " TASKS_PROGNAME " -U https://ninedata.example.com \\\n"
	      "      --access-key-id AKIDexample0000 --secret-key-file /etc/nagios/ninedata.secret \\\n"
	      "      -w 5m -c 15m\n"
	      "  " TASKS_PROGNAME " ... --shard 2/3 --output-format=checkmk\n"
	      "  " TASKS_PROGNAME " ... --discover > /var/lib/icinga2/replication-tasks.json\n"
	      "\n", stdout);
	help_exit_codes();
	strbuf_free(&table);
}
