/* utf8.c: validation of text crossing the API. Every string the library
 * stores is well-formed UTF-8, so that saving and rendering never fail on it. */
#include <string.h>

#include "internal.h"

int cxj__utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned min, cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			min = 0x80;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			min = 0x800;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			min = 0x10000;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* overlong forms, surrogates and code points past U+10FFFF */
		if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		i += n + 1;
	}
	return 1;
}

int cxj__check_text(const char *s, const char *what)
{
	if (s && !cxj__utf8_valid(s, strlen(s)))
		return cxj__error(CXJ_EINVAL, "%s is not valid UTF-8", what);
	return CXJ_OK;
}

/* The checks of an id but its UTF-8, in the order of cxj__check_id. */
static int check_id_bytes(const char *id, size_t len, int utf8)
{
	if (len > 255)
		return cxj__error(CXJ_EINVAL, "id '%.32s...' is longer than 255 bytes",
				  id);
	if (utf8 && !cxj__utf8_valid(id, len))
		return cxj__error(CXJ_EINVAL, "id is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c == 0x7F)
			return cxj__error(CXJ_EINVAL,
					  "id '%s' contains a space or control "
					  "character",
					  id);
	}
	return CXJ_OK;
}

int cxj__check_id(const char *id)
{
	if (id == NULL || *id == '\0')
		return cxj__error(CXJ_EINVAL, "an id must not be empty");
	return check_id_bytes(id, strlen(id), 1);
}

int cxj__check_loaded_id(const char *id, size_t len)
{
	if (len == 0)
		return cxj__error(CXJ_EINVAL, "an id must not be empty");
	return check_id_bytes(id, len, 0);
}
