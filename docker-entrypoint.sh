#!/bin/sh
# The container's entry point: runs the gateway as an unprivileged user, with a data directory it can
# write, whatever made that directory.
#
# Started as root (the image's default), it first gives DATA_DIR and everything in it to that user: a
# ./data bind mount that Docker created (owned by root), or the original project's data directory,
# whose container ran as root and kept config.toml and token.json at mode 600. Only what that user does
# not own already is changed, and modes are kept, so the secrets stay unreadable to others. Then it
# drops to that user for good: the service never runs as root.
#
# Started as another user (docker run --user, compose "user:"), it changes nothing and runs the
# service as that user, who must be able to write DATA_DIR.
#
# GROK2API_RUN_AS names the user (default app, the runtime image's own, uid 1654) and
# GROK2API_APP_DIR the folder of Grok2Api.Proxy.dll (default /app).
set -eu

data="${DATA_DIR:-/app/data}"
app_dir="${GROK2API_APP_DIR:-/app}"
run_as="${GROK2API_RUN_AS:-app}"

if [ "$(id -u)" -eq 0 ]; then
  uid="$(id -u "$run_as")"
  gid="$(id -g "$run_as")"
  mkdir -p "$data"
  find "$data" \( ! -user "$uid" -o ! -group "$gid" \) -exec chown -h "$uid:$gid" {} +
  HOME="$(getent passwd "$run_as" | cut -d: -f6)"
  export HOME
  exec setpriv --reuid="$uid" --regid="$gid" --init-groups -- dotnet "$app_dir/Grok2Api.Proxy.dll" "$@"
fi

exec dotnet "$app_dir/Grok2Api.Proxy.dll" "$@"
