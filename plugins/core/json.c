/* json.c - json-c behind a small interface, so no other file sees it. */
#include "config.h"
#include "json.h"
#include "strbuf.h"

#include <json-c/json.h>

jw *jw_object(void)
{
	return json_object_new_object();
}

jw *jw_array(void)
{
	return json_object_new_array();
}

jw *jw_string(const char *s, size_t len)
{
	return json_object_new_string_len(s, (int)len);
}

jw *jw_int(long long v)
{
	return json_object_new_int64((int64_t)v);
}

jw *jw_number(double v, const char *repr)
{
	return json_object_new_double_s(v, repr);
}

jw *jw_bool(bool v)
{
	return json_object_new_boolean(v);
}

void jw_put(jw *object, const char *key, jw *value)
{
	json_object_object_add(object, key, value);
}

void jw_push(jw *array, jw *value)
{
	json_object_array_add(array, value);
}

char *jw_finish(jw *root)
{
	char *text = xstrdup(json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return text;
}
