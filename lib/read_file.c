/* read_file.c: opening a file the loaders read (maps and survey
 * mappings), with the one check a stream cannot make afterwards. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"
#include "files.h"

int cxj__open_read(const char *path, const char *what, FILE **out)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	if (!f)
		return cxj__error_at(CXJ_EIO, path, 0, 0, "cannot open '%s': %s",
				     path, strerror(errno));
	/* a directory opens, then fails its first read without a word on
	 * what it is */
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return cxj__error_at(CXJ_EIO, path, 0, 0,
				     "cannot load '%s': it is a directory, not "
				     "%s",
				     path, what);
	}
	*out = f;
	return CXJ_OK;
}
