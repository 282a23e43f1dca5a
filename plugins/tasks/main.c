/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - check_replication_tasks: the shared run with the fleet plugin's
 * parts (plugin.c). */
#include "config.h"
#include "tasks.h"

int main(int argc, char **argv)
{
	return plugin_main(&tasks_plugin, argc, argv);
}
