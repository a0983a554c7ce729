#!/usr/bin/env bash
# Backup and restore of XRouter's PostgreSQL database (docs/deployment.md, "Backups").
#
#   scripts/backup.sh dump [FILE]    pg_dump of DATABASE_URL in the custom format, one consistent snapshot taken while
#                                    the server runs (default FILE: xrouter-<UTC time>.dump); prints the file's name
#   scripts/backup.sh restore FILE   pg_restore of FILE into DATABASE_URL, which must be an empty database, in one
#                                    transaction; then `xrouter ledger check` on it (exit 1 if a balance is off)
#
# Needs DATABASE_URL, the PostgreSQL client tools (pg_dump, pg_restore, psql) of the server's major version or newer,
# and node (the password is handed to them in PGPASSWORD, never on a command line that `ps` shows).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
  sed -n '4,7s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
fail() {
  echo "backup: $*" >&2
  exit 1
}

[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set"
for tool in pg_dump pg_restore psql node; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (the PostgreSQL client tools: apt-get install postgresql-client)"
done

# The URL without its password, and the password for PGPASSWORD.
url=$(node -e 'const u = new URL(process.env.DATABASE_URL); u.password = ""; process.stdout.write(u.href)')
password=$(node -e 'process.stdout.write(decodeURIComponent(new URL(process.env.DATABASE_URL).password))')
if [ -n "$password" ]; then export PGPASSWORD="$password"; fi

case "${1:-}" in
  dump)
    [ $# -le 2 ] || usage
    file="${2:-xrouter-$(date -u +%Y%m%dT%H%M%SZ).dump}"
    # Under a temporary name until it is complete, so a failed dump never looks like a backup.
    pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" --dbname="$url"
    mv "$file.partial" "$file"
    echo "$file"
    ;;
  restore)
    [ $# -eq 2 ] || usage
    file="$2"
    [ -f "$file" ] || fail "no such file: $file"
    tables=$(psql --dbname="$url" --no-psqlrc -Atc \
      "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")
    [ "$tables" = 0 ] || fail "the target database is not empty ($tables tables): restore into a new database"
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$file"
    echo "backup: restored $file; checking the ledger" >&2
    # From the project folder, where the CLI finds its migrations.
    (cd "$root" && node bin/xrouter.mjs ledger check)
    ;;
  *)
    usage
    ;;
esac
