# pgtemp.sh: a throw-away PostgreSQL server with the extension, for the
# tests and the benchmark (sourced; POSIX sh).
#
# The extension is installed into a private tree, not the system's: PGXS
# installs it under $PGTMP/inst (DESTDIR), the server's own files are linked
# in beside it, and the postgres, initdb and pg_ctl binaries are copied to
# the tree's bin directory. PostgreSQL finds its share and lib directories
# relative to its binary, as pg_regress --temp-instance relies on, so the
# copied server loads our cxjourney.so and control file, and nothing
# outside $PGTMP changes: no root needed to install.
#
# The server refuses to run as root: as root, it runs as $CXJ_PG_USER, or
# postgres, or nobody. It listens on a Unix socket in $PGTMP only
# (listen_addresses = ''). Callers set a trap that calls pg_temp_stop.
#
# In:  B (build dir, absolute), ROOT (source tree), PG_CONFIG.
# Out: PGTMP, PGHOST, PGPORT, PGUSER, PGDATABASE exported; pg_as_server.

PG_CONFIG=${PG_CONFIG:-pg_config}
PGTMP=
PGEXT_B=$B/postgresql

# Prints why PostgreSQL cannot be used here, or nothing.
pg_missing() {
	command -v "$PG_CONFIG" >/dev/null 2>&1 ||
		{ echo "pg_config not found (apt-get install postgresql-server-dev-15)"; return; }
	[ -f "$("$PG_CONFIG" --pgxs)" ] ||
		{ echo "PGXS not found (apt-get install postgresql-server-dev-15)"; return; }
	_bin=$("$PG_CONFIG" --bindir)
	for _p in postgres initdb pg_ctl psql; do
		[ -x "$_bin/$_p" ] ||
			{ echo "$_bin/$_p not found (apt-get install postgresql-15)"; return; }
	done
	if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then
		echo "setpriv not found (util-linux), needed to run the server as a user"
	fi
}

pg_build() {
	mkdir -p "$PGEXT_B"
	make -s -C "$PGEXT_B" -f "$ROOT/bindings/postgresql/Makefile" \
		CXJ_ROOT="$ROOT" CXJ_STATIC="$B/libcxjourney.a" \
		PG_CONFIG="$PG_CONFIG" "$@"
}

# Runs a command as the server's user, from $PGTMP.
pg_as_server() {
	if [ -n "${PG_SERVER_USER:-}" ]; then
		(cd "$PGTMP" && setpriv --reuid="$PG_SERVER_USER" \
			--regid="$(id -g "$PG_SERVER_USER")" --init-groups -- "$@")
	else
		(cd "$PGTMP" && "$@")
	fi
}

# Builds the private tree, runs initdb and starts the server; extra
# "name = value" settings for postgresql.conf come as arguments.
pg_temp_start() {
	bindir=$("$PG_CONFIG" --bindir)
	sharedir=$("$PG_CONFIG" --sharedir)
	pkglibdir=$("$PG_CONFIG" --pkglibdir)
	PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/cxjpg.XXXXXX") || return 1
	inst=$PGTMP/inst
	pg_build install DESTDIR="$inst" >/dev/null || return 1
	mkdir -p "$inst$bindir" "$inst$sharedir/extension" "$inst$pkglibdir"
	cp "$bindir/postgres" "$bindir/initdb" "$bindir/pg_ctl" "$inst$bindir/"
	for f in "$sharedir"/* "$sharedir"/extension/* "$pkglibdir"/*; do
		rel=${f#/}
		[ -e "$inst/$rel" ] || ln -s "$f" "$inst/$rel"
	done
	PG_SERVER_USER=
	if [ "$(id -u)" = 0 ]; then
		PG_SERVER_USER=${CXJ_PG_USER:-}
		[ -n "$PG_SERVER_USER" ] || { id postgres >/dev/null 2>&1 &&
			PG_SERVER_USER=postgres; } || PG_SERVER_USER=nobody
	fi
	mkdir "$PGTMP/data" "$PGTMP/sock"
	chmod 755 "$PGTMP"
	[ -z "$PG_SERVER_USER" ] ||
		chown "$PG_SERVER_USER" "$PGTMP/data" "$PGTMP/sock"
	pg_as_server "$inst$bindir/initdb" -D "$PGTMP/data" -U cxj -A trust \
		-E UTF8 --locale=C --no-sync --no-instructions \
		> "$PGTMP/initdb.log" 2>&1 ||
		{ cat "$PGTMP/initdb.log"; return 1; }
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$PGTMP/sock'"
		echo "port = 5432"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		for s in "$@"; do echo "$s"; done
	} >> "$PGTMP/data/postgresql.conf"
	pg_as_server "$inst$bindir/pg_ctl" -D "$PGTMP/data" \
		-l "$PGTMP/data/server.log" -w -t 60 start >/dev/null ||
		{ cat "$PGTMP/data/server.log"; return 1; }
	export PGHOST="$PGTMP/sock" PGPORT=5432 PGUSER=cxj PGDATABASE=postgres
	PGPSQL=$bindir/psql
}

# Stops the server and removes its tree; safe to call twice.
pg_temp_stop() {
	[ -n "$PGTMP" ] || return 0
	if [ -f "$PGTMP/data/postmaster.pid" ]; then
		pg_as_server "$PGTMP/inst$bindir/pg_ctl" -D "$PGTMP/data" \
			-m fast -w -t 30 stop >/dev/null 2>&1 ||
			pg_as_server "$PGTMP/inst$bindir/pg_ctl" \
				-D "$PGTMP/data" -m immediate stop >/dev/null 2>&1
	fi
	rm -rf "$PGTMP"
	PGTMP=
}
