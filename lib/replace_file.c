/* replace_file.c: replacing a file whole or not at all, for the savers. The
 * new contents go to a file nobody can see until they are on disk; then one
 * rename puts them in place, so a crash or a full disk never leaves a
 * half-written file, and a killed save leaves no temporary file behind. */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "files.h"
#include "text.h"

/* Symbolic links followed from the path to the file it names, as the
 * kernel does (its MAXSYMLINKS). */
#define MAX_LINKS 40

/* Temporary names are ".cxj.<hash of the target's name>.<random>.tmp":
 * 32 bytes whatever the target's name, so that a temporary name fits
 * wherever the target's does, and a later save of the same file knows the
 * leftovers of an earlier one that was killed. */
#define TEMP_PREFIX ".cxj."
#define TEMP_SUFFIX ".tmp"

static int io_error(const char *path, const char *what, int e)
{
	return cxj__error_at(CXJ_EIO, path, 0, 0, "%s '%s': %s", what, path,
			     strerror(e));
}

/* dir/name into a new string; dir of "" is the current directory. */
static char *join(const char *dir, size_t dirlen, const char *name)
{
	size_t n = strlen(name);
	char *s = cxj__malloc(dirlen + n + 1);
	if (!s)
		return NULL;
	memcpy(s, dir, dirlen);
	memcpy(s + dirlen, name, n + 1);
	return s;
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Follows the symbolic links that path names, to the file the link finally
 * points at (which may not exist yet): saving through a link writes its
 * target, as editors do, and keeps the link. */
static int resolve(const char *path, char **out, struct stat *st, int *exists)
{
	char *cur = cxj__strdup(path);
	int hops = 0;
	if (!cur)
		return cxj__nomem();
	for (;;) {
		char target[PATH_MAX];
		ssize_t n;
		char *next;
		if (lstat(cur, st) != 0) {
			int e = errno;
			if (e != ENOENT) {
				cxj__free(cur);
				return io_error(path, "cannot look at", e);
			}
			*exists = 0;
			break;
		}
		*exists = 1;
		if (!S_ISLNK(st->st_mode))
			break;
		if (++hops > MAX_LINKS) {
			cxj__free(cur);
			return io_error(path, "cannot follow the links of",
					ELOOP);
		}
		n = readlink(cur, target, sizeof target - 1);
		if (n < 0) {
			int e = errno;
			cxj__free(cur);
			return io_error(path, "cannot read the link", e);
		}
		target[n] = '\0';
		/* a relative target is relative to the link's directory */
		next = target[0] == '/' ? cxj__strdup(target)
					: join(cur, dir_len(cur), target);
		cxj__free(cur);
		if (!(cur = next))
			return cxj__nomem();
	}
	*out = cur;
	return CXJ_OK;
}

static const char *kind_of(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISFIFO(m) ? "a pipe"
	       : S_ISSOCK(m) ? "a socket"
			     : "not a regular file";
}

void cxj__replace_temp_name(char *buf, const char *base, uint64_t random)
{
	/* a fixed key: every process must find the same name */
	static const uint64_t key[2] = {0x63786a6f75726e65ULL,
					0x7265706c61636521ULL};
	snprintf(buf, CXJ__REPLACE_TEMP_LEN + 1,
		 TEMP_PREFIX "%016llx.%06llx" TEMP_SUFFIX,
		 (unsigned long long)cxj__siphash(key, base, strlen(base), 1, 3),
		 (unsigned long long)(random & 0xffffff));
}

/* Removes what killed saves of this target left: files of its temporary
 * names that no live save holds (every save keeps its file locked). */
static void remove_leftovers(const char *dir, const char *base)
{
	char stem[CXJ__REPLACE_TEMP_LEN + 1];
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	int dfd;
	if (!d)
		return;
	dfd = dirfd(d);
	cxj__replace_temp_name(stem, base, 0);
	/* the part before the random digits */
	stem[strlen(TEMP_PREFIX) + 17] = '\0';
	while ((e = readdir(d)) != NULL) {
		int fd;
		if (strncmp(e->d_name, stem, strlen(stem)) != 0 ||
		    strlen(e->d_name) != CXJ__REPLACE_TEMP_LEN)
			continue;
		fd = openat(dfd, e->d_name,
			    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			(void)unlinkat(dfd, e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

static uint64_t fresh_random(void)
{
	static const char salt[] = "replace";
	struct timespec ts;
	uint64_t v[2];
	clock_gettime(CLOCK_REALTIME, &ts);
	v[0] = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
	v[1] = (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts;
	return cxj__siphash(v, salt, sizeof salt - 1, 1, 3);
}

/* An unnamed file in dir (Linux O_TMPFILE), or -1 where the file system
 * has none. */
static int open_unnamed(const char *dir)
{
#ifdef O_TMPFILE
	return open(*dir ? dir : ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
	(void)dir;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

/* A new named temporary file in dir, locked against remove_leftovers. */
static int open_named(cxj__replace *r)
{
	for (int attempt = 0; attempt < 100; attempt++) {
		cxj__replace_temp_name(r->temp + r->dirlen, r->base,
				       fresh_random());
		r->fd = open(r->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			     0666);
		if (r->fd >= 0) {
			r->named = 1;
			(void)flock(r->fd, LOCK_EX);
			return CXJ_OK;
		}
		if (errno != EEXIST)
			return io_error(r->path,
					"cannot create a temporary file beside",
					errno);
	}
	return io_error(r->path, "cannot find a free temporary name beside",
			EEXIST);
}

/* The owner, group and permissions of the file replaced, where the
 * process may set them (only root may give a file away). */
static void keep_attributes(int fd, const struct stat *st)
{
	if (fchown(fd, st->st_uid, st->st_gid) != 0)
		(void)fchown(fd, (uid_t)-1, st->st_gid);
	(void)fchmod(fd, st->st_mode & 07777);
}

int cxj__replace_begin(const char *path, cxj__replace *r)
{
	struct stat st;
	int exists, rc;
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->path = path;
	if ((rc = resolve(path, &r->target, &st, &exists)))
		return rc;
	if (exists && !S_ISREG(st.st_mode)) {
		rc = cxj__error_at(CXJ_EIO, path, 0, 0,
				   "'%s' is %s: only a regular file is "
				   "replaced",
				   path, kind_of(st.st_mode));
		goto fail;
	}
	r->dirlen = dir_len(r->target);
	r->base = r->target + r->dirlen;
	if (!(r->temp = cxj__malloc(r->dirlen + CXJ__REPLACE_TEMP_LEN + 1))) {
		rc = cxj__nomem();
		goto fail;
	}
	memcpy(r->temp, r->target, r->dirlen);
	r->temp[r->dirlen] = '\0';
	remove_leftovers(r->temp, r->base);
	r->fd = open_unnamed(r->temp);
	if (r->fd < 0 && (rc = open_named(r)))
		goto fail;
	if (exists)
		keep_attributes(r->fd, &st);
	return CXJ_OK;
fail:
	cxj__replace_abort(r);
	return rc;
}

/* Gives the unnamed file a temporary name, locked, for the rename. */
static int name_unnamed(cxj__replace *r)
{
	char proc[64];
	(void)flock(r->fd, LOCK_EX);
	for (int attempt = 0; attempt < 100; attempt++) {
		cxj__replace_temp_name(r->temp + r->dirlen, r->base,
				       fresh_random());
#ifdef AT_EMPTY_PATH
		if (linkat(r->fd, "", AT_FDCWD, r->temp, AT_EMPTY_PATH) == 0)
			goto named;
		if (errno == EEXIST)
			continue;
#endif
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", r->fd);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, r->temp,
			   AT_SYMLINK_FOLLOW) == 0)
			goto named;
		if (errno != EEXIST)
			return io_error(r->path, "cannot name the new file for",
					errno);
	}
	return io_error(r->path, "cannot find a free temporary name beside",
			EEXIST);
named:
	r->named = 1;
	return CXJ_OK;
}

int cxj__replace_commit(cxj__replace *r)
{
	int rc;
	if (fsync(r->fd) != 0) {
		rc = io_error(r->path, "cannot write", errno);
		goto fail;
	}
	if (!r->named && (rc = name_unnamed(r)))
		goto fail;
	if (rename(r->temp, r->target) != 0) {
		rc = io_error(r->path, "cannot write", errno);
		goto fail;
	}
	r->named = 0; /* the name is the target's now */
	if (close(r->fd) != 0) {
		r->fd = -1;
		rc = io_error(r->path, "cannot write", errno);
		goto fail;
	}
	r->fd = -1;
	/* the rename itself made durable; a directory that cannot be synced
	 * (some file systems refuse) does not fail a save already in place */
	r->temp[r->dirlen] = '\0';
	{
		int dfd = open(*r->temp ? r->temp : ".",
			       O_RDONLY | O_CLOEXEC | O_DIRECTORY);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
	}
	cxj__replace_abort(r);
	return CXJ_OK;
fail:
	cxj__replace_abort(r);
	return rc;
}

void cxj__replace_abort(cxj__replace *r)
{
	if (r->named)
		(void)unlink(r->temp);
	if (r->fd >= 0)
		close(r->fd);
	cxj__free(r->temp);
	cxj__free(r->target);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
