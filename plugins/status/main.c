/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - check_replication_status: the shared run with the status
 * plugin's parts (plugin.c). */
#include "config.h"
#include "status_plugin.h"

int main(int argc, char **argv)
{
	return plugin_main(&status_plugin, argc, argv);
}
