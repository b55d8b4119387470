# Start / stop a throwaway PostgreSQL for tests (sourced by scripts/test.sh).
# initdb refuses to run as root, so the server runs as the 'postgres' user, in a folder it owns.
start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGROOT=${PGROOT:-/tmp/polemos-pg-$$}
  PGPORT=${PGPORT:-$((54000 + RANDOM % 900))}
  local runas=()
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd -r -M postgres; runas=(runuser -u postgres --); fi
  rm -rf "$PGROOT"; mkdir -p "$PGROOT"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGROOT"
  chmod 700 "$PGROOT"
  "${runas[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U polemos --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log"
  "${runas[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  "${runas[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U polemos polemos
  export POLEMOS_PG_URL="postgresql://polemos@127.0.0.1:$PGPORT/polemos"
  export PGROOT PGBIN
  echo "PostgreSQL running for the tests at $POLEMOS_PG_URL" >&2
}

stop_postgres() {
  local runas=()
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  "${runas[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
