/* check_save.c: what cxj_journey_save_file does to the path it is given:
 * through symbolic links to their target, never onto anything but a
 * regular file, the owner, group and mode kept, no temporary file left
 * beside it (not even by a save killed part way), and temporary names that
 * fit wherever the target's name does. */
#define _GNU_SOURCE /* flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/cxj-save-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX];
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			ck_assert_int_eq(unlink(p), 0);
		}
	closedir(d);
	ck_assert_int_eq(rmdir(dir), 0);
}

/* Names in dir other than those given (NULL-terminated). */
static int others(const char *const *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		int kept = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
		for (const char *const *k = keep; *k && !kept; k++)
			kept = !strcmp(e->d_name, *k);
		n += !kept;
	}
	closedir(d);
	return n;
}

static char *path_of(const char *name)
{
	static char p[2][PATH_MAX];
	static int which;
	which ^= 1;
	snprintf(p[which], sizeof p[which], "%s/%s", dir, name);
	return p[which];
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* A journey of n touchpoints with some text each, named id. */
static cxj_journey *journey(const char *id, int n)
{
	cxj_journey *j;
	cxj_stage *s;
	char tid[32];
	ck_assert_rc(cxj_journey_new(id, &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "contact", &s), CXJ_OK);
	for (int i = 0; i < n; i++) {
		cxj_touchpoint *tp;
		snprintf(tid, sizeof tid, "tp-%d", i);
		ck_assert_rc(cxj_stage_add_touchpoint(s, tid, &tp), CXJ_OK);
		ck_assert_rc(cxj_touchpoint_set_activity(
				 tp, "The customer team calls the service desk "
				     "and explains what broke, twice"),
			     CXJ_OK);
	}
	return j;
}

static char *saved_text(const cxj_journey *j)
{
	char *text;
	size_t len;
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, &text, &len), CXJ_OK);
	return text;
}

START_TEST(save_writes_through_a_symlink)
{
	cxj_journey *j = journey("new", 2);
	char *want = saved_text(j), *got;
	struct stat st;
	static const char *const keep[] = {"real.yaml", "link.yaml",
					   "link2.yaml", NULL};
	make_dir();
	write_text(path_of("real.yaml"), "old\n");
	ck_assert_int_eq(chmod(path_of("real.yaml"), 0604), 0);
	ck_assert_int_eq(symlink("real.yaml", path_of("link.yaml")), 0);
	/* a chain of two, the second absolute */
	ck_assert_int_eq(symlink(path_of("link.yaml"), path_of("link2.yaml")),
			 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("link2.yaml"), NULL),
		     CXJ_OK);
	ck_assert_int_eq(lstat(path_of("link.yaml"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(path_of("link2.yaml"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(path_of("real.yaml"), &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0604);
	got = read_text(path_of("real.yaml"));
	ck_assert_str_eq(got, want);
	free(got);
	ck_assert_int_eq(others(keep), 0);
	remove_dir();
	cxj_free(want);
	cxj_journey_free(j);
}
END_TEST

START_TEST(save_creates_the_target_of_a_dangling_link)
{
	cxj_journey *j = journey("new", 1);
	char *want = saved_text(j), *got;
	struct stat st;
	make_dir();
	ck_assert_int_eq(symlink("later.yaml", path_of("link.yaml")), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("link.yaml"), NULL),
		     CXJ_OK);
	ck_assert_int_eq(lstat(path_of("link.yaml"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	got = read_text(path_of("later.yaml"));
	ck_assert_str_eq(got, want);
	free(got);
	/* a loop of links is an error, and changes nothing */
	ck_assert_int_eq(symlink("b.yaml", path_of("a.yaml")), 0);
	ck_assert_int_eq(symlink("a.yaml", path_of("b.yaml")), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("a.yaml"), NULL),
		     CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "links"));
	ck_assert_int_eq(lstat(path_of("a.yaml"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	remove_dir();
	cxj_free(want);
	cxj_journey_free(j);
}
END_TEST

START_TEST(save_refuses_what_is_not_a_regular_file)
{
	cxj_journey *j = journey("new", 1);
	struct stat st;
	make_dir();
	ck_assert_int_eq(mkfifo(path_of("pipe"), 0600), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("pipe"), NULL), CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     "is a pipe: only a regular file is "
				     "replaced"));
	ck_assert_str_eq(cxj_error_last()->file, path_of("pipe"));
	ck_assert_int_eq(lstat(path_of("pipe"), &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	/* through a link too */
	ck_assert_int_eq(symlink("pipe", path_of("link")), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("link"), NULL), CXJ_EIO);
	ck_assert_int_eq(mkdir(path_of("sub"), 0700), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("sub"), NULL), CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     "is a directory"));
	ck_assert_int_eq(rmdir(path_of("sub")), 0);
	{
		static const char *const keep[] = {"pipe", "link", NULL};
		ck_assert_int_eq(others(keep), 0);
	}
	remove_dir();
	cxj_journey_free(j);
}
END_TEST

START_TEST(save_keeps_owner_group_and_mode)
{
	cxj_journey *j = journey("new", 1);
	struct stat st;
	/* only root may give a file to another owner; as anyone else the
	 * saver owns the new file, as with any editor */
	if (geteuid() != 0) {
		fprintf(stderr, "check_save: owner test skipped: not root\n");
		cxj_journey_free(j);
		return;
	}
	make_dir();
	write_text(path_of("map.yaml"), "old\n");
	ck_assert_int_eq(chown(path_of("map.yaml"), 65534, 65534), 0);
	ck_assert_int_eq(chmod(path_of("map.yaml"), 0640), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("map.yaml"), NULL),
		     CXJ_OK);
	ck_assert_int_eq(stat(path_of("map.yaml"), &st), 0);
	ck_assert_int_eq(st.st_uid, 65534);
	ck_assert_int_eq(st.st_gid, 65534);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	remove_dir();
	cxj_journey_free(j);
}
END_TEST

/* Names of 250 and 255 bytes (the limit of most file systems): the
 * temporary name no longer grows with the target's. */
START_TEST(save_takes_the_longest_names)
{
	cxj_journey *j = journey("new", 1);
	char name[256];
	make_dir();
	for (size_t len = 250; len <= 255; len += 5) {
		memset(name, 'm', len);
		memcpy(name + len - 5, ".yaml", 6);
		ck_assert_rc(cxj_journey_save_file(j, path_of(name), NULL),
			     CXJ_OK);
		ck_assert_rc(cxj_journey_save_file(j, path_of(name), NULL),
			     CXJ_OK);
		ck_assert_int_eq(unlink(path_of(name)), 0);
	}
	remove_dir();
	cxj_journey_free(j);
}
END_TEST

/* Files a killed save left under its temporary names go with the next
 * save of the same file; one a live save holds (locked) stays. */
START_TEST(save_removes_what_killed_saves_left)
{
	cxj_journey *j = journey("new", 1);
	char stale[CXJ__REPLACE_TEMP_LEN + 1], live[CXJ__REPLACE_TEMP_LEN + 1];
	char other[CXJ__REPLACE_TEMP_LEN + 1];
	int fd;
	make_dir();
	write_text(path_of("map.yaml"), "old\n");
	cxj__replace_temp_name(stale, "map.yaml", 0xabcdef);
	cxj__replace_temp_name(live, "map.yaml", 0x123456);
	cxj__replace_temp_name(other, "other.yaml", 0xabcdef);
	ck_assert_uint_eq(strlen(stale), CXJ__REPLACE_TEMP_LEN);
	write_text(path_of(stale), "half a map");
	write_text(path_of(live), "a map being written");
	write_text(path_of(other), "another file's");
	fd = open(path_of(live), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	ck_assert_rc(cxj_journey_save_file(j, path_of("map.yaml"), NULL),
		     CXJ_OK);
	ck_assert_int_eq(access(path_of(stale), F_OK), -1);
	ck_assert_int_eq(access(path_of(live), F_OK), 0);
	ck_assert_int_eq(access(path_of(other), F_OK), 0);
	close(fd);
	remove_dir();
	cxj_journey_free(j);
}
END_TEST

/* A child saves two large maps in turn while the parent kills it at
 * random moments: the file always loads whole, as one map or the other,
 * and nothing is left beside it (at worst, in the microseconds between
 * naming the new file and renaming it, one temporary file, which the next
 * save removes). */
START_TEST(a_killed_save_leaves_the_old_or_the_new_map)
{
	cxj_journey *a = journey("map-a", 3000), *b = journey("map-b", 2500);
	char *ta = saved_text(a), *tb = saved_text(b);
	static const char *const keep[] = {"map.yaml", NULL};
	int windows = 0;
	unsigned seed = (unsigned)time(NULL);
	make_dir();
	ck_assert_rc(cxj_journey_save_file(a, path_of("map.yaml"), NULL),
		     CXJ_OK);
	for (int kill_no = 0; kill_no < 20; kill_no++) {
		pid_t pid = fork();
		struct timespec nap = {0, 0};
		char *got;
		int status;
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			for (int i = 0;; i++)
				if (cxj_journey_save_file(i % 2 ? a : b,
							  path_of("map.yaml"),
							  NULL))
					_exit(2);
		}
		nap.tv_nsec = (long)(rand_r(&seed) % 40000) * 1000;
		nanosleep(&nap, NULL);
		ck_assert_int_eq(kill(pid, SIGKILL), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status));
		got = read_text(path_of("map.yaml"));
		ck_assert_msg(!strcmp(got, ta) || !strcmp(got, tb),
			      "kill %d: the map is neither old nor new",
			      kill_no);
		free(got);
		windows += others(keep);
		ck_assert_int_le(others(keep), 1);
		/* the next save cleans */
		ck_assert_rc(cxj_journey_save_file(a, path_of("map.yaml"),
						   NULL),
			     CXJ_OK);
		ck_assert_int_eq(others(keep), 0);
	}
	if (windows)
		fprintf(stderr, "check_save: %d kill(s) of 20 landed between "
				"naming and renaming\n",
			windows);
	remove_dir();
	cxj_free(ta);
	cxj_free(tb);
	cxj_journey_free(a);
	cxj_journey_free(b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("save");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, save_writes_through_a_symlink);
	tcase_add_test(tc, save_creates_the_target_of_a_dangling_link);
	tcase_add_test(tc, save_refuses_what_is_not_a_regular_file);
	tcase_add_test(tc, save_keeps_owner_group_and_mode);
	tcase_add_test(tc, save_takes_the_longest_names);
	tcase_add_test(tc, save_removes_what_killed_saves_left);
	tcase_add_test(tc, a_killed_save_leaves_the_old_or_the_new_map);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
