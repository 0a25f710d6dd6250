/* utf8.c: validation of text crossing the API. Every string the library
 * stores is well-formed UTF-8, so that saving and rendering never fail on
 * it. */
#include <string.h>

#include "text.h"

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

/* The code point at s[*i] of valid UTF-8; *i moves past it. */
static unsigned decode(const unsigned char *s, size_t *i)
{
	unsigned c = s[*i], n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0;
	unsigned cp = n ? c & (0x3F >> n) : c;
	for (unsigned k = 1; k <= n; k++)
		cp = cp << 6 | (s[*i + k] & 0x3F);
	*i += n + 1;
	return cp;
}

/* C0 and C1 controls and DEL (U+0085, the next-line control, among them). */
static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Unicode's White_Space beyond ASCII, and the format characters that show
 * nothing: two ids that look alike must be alike. */
static int is_invisible(unsigned cp)
{
	return cp == 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x180E ||
	       (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202A && cp <= 0x202F) ||
	       (cp >= 0x205F && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

int cxj__name_ok(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	if (len == 0 || len > 255)
		return 0;
	/* printable ASCII, the usual name, needs no decoding */
	while (i < len && s[i] >= 0x20 && s[i] < 0x7F)
		i++;
	if (i == len)
		return 1;
	if (!cxj__utf8_valid(str, len))
		return 0;
	while (i < len)
		if (is_control(decode(s, &i)))
			return 0;
	return 1;
}

/* The checks of an id but its UTF-8, in the order of cxj__check_id. */
static int check_id_bytes(const char *id, size_t len, int utf8)
{
	const unsigned char *s = (const unsigned char *)id;
	if (len > 255)
		return cxj__error(CXJ_EINVAL, "id '%.32s...' is longer than 255 bytes",
				  id);
	if (utf8 && !cxj__utf8_valid(id, len))
		return cxj__error(CXJ_EINVAL, "id is not valid UTF-8");
	for (size_t i = 0; i < len;) {
		unsigned cp = s[i] < 0x80 ? s[i++] : decode(s, &i);
		if (cp == 0x20 || is_control(cp) || is_invisible(cp))
			return cxj__error(CXJ_EINVAL,
					  "id '%s' contains a space or control "
					  "character (U+%04X)",
					  id, cp);
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
