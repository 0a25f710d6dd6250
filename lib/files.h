/* files.h: files opened for reading (read_file.c) and files replaced
 * whole or not at all (replace_file.c). */
#ifndef CXJ_FILES_H
#define CXJ_FILES_H

#include <stdio.h>

#include "base.h"

/* read_file.c: opens path for reading into out; a directory is refused
 * with a message that says it is not what ("a map file"). CXJ_EIO is
 * recorded with the path. */
int cxj__open_read(const char *path, const char *what, FILE **out);

/* replace_file.c: a file replaced whole or not at all. begin resolves the
 * path's symbolic links to the file they name, refuses anything but a
 * regular file, and opens fd on a file nobody sees (with the owner, group
 * and mode of the file it replaces, where the process may set them);
 * commit makes it durable and renames it over the target; abort (also
 * after a failed commit, which aborts itself) leaves the target as it was
 * and nothing beside it. */
typedef struct cxj__replace {
	const char *path; /* as given, for messages */
	char *target;     /* the file replaced, links followed */
	const char *base; /* its name, within target */
	char *temp;       /* the temporary's path once named */
	size_t dirlen;
	int fd;
	int named; /* temp exists under its name */
} cxj__replace;
int cxj__replace_begin(const char *path, cxj__replace *r);
int cxj__replace_commit(cxj__replace *r);
void cxj__replace_abort(cxj__replace *r);
/* The temporary name (CXJ__REPLACE_TEMP_LEN bytes and a NUL) a save of a
 * file named base uses with these random digits: one fixed-length name
 * whatever base's length, the same in every process. */
#define CXJ__REPLACE_TEMP_LEN 32
void cxj__replace_temp_name(char *buf, const char *base, uint64_t random);

#endif
