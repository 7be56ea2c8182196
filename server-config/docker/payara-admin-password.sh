# shellcheck shell=bash
# Gives the domain of the payara/server-full image the admin password from PAYARA_ADMIN_PASSWORD.
#
# The image is built with the admin password "admin" (in the domain and in $PASSWORD_FILE) and secure admin enabled,
# so anyone who reaches the admin port could log in with it. Copied to ${SCRIPT_DIR}/init.d/, this file is sourced by
# the image's entrypoint.sh before the domain starts, on every start of the container (restarts included):
#   - PAYARA_ADMIN_PASSWORD unset, empty or "admin": print why and end the entrypoint with status 1 (no server runs);
#   - $PASSWORD_FILE already holds it (a restart): nothing to do;
#   - otherwise (first start, or .env changed since the last one): change the stopped domain's password offline,
#     from the one in $PASSWORD_FILE to the new one, then rewrite $PASSWORD_FILE, which the entrypoint's stop-domain
#     (on SIGTERM) and startInForeground.sh read.
# The password is never printed. The work runs in a subshell, so no variable, option or trap reaches the entrypoint.

# $PASSWORD_FILE is read twice: by asadmin as a java.util.Properties file (ISO-8859-1) and by startInForeground.sh,
# which `source`s it as bash. A backslash before every character other than a letter or digit reads the same in
# both (bash: a quoted character; Properties: "\c" is c, and letters, whose escapes mean something, are left bare).
payara_admin_password_line() (
  local password="$1" escaped="" c i
  for ((i = 0; i < ${#password}; i++)); do
    c="${password:i:1}"
    case "$c" in
      [abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789]) escaped+="$c" ;;
      *) escaped+="\\$c" ;;
    esac
  done
  printf '%s=%s\n' "$2" "$escaped"
)

payara_admin_password() (
  local tag="[admin-password]" new="${PAYARA_ADMIN_PASSWORD-}"
  if [ -z "$new" ] || [ "$new" = admin ]; then
    echo "$tag PAYARA_ADMIN_PASSWORD is unset, empty or the image's default \"admin\": set a password of your own" \
      "(in .env) for the Payara admin user. The server does not start without one." >&2
    return 1
  fi
  # Control and non-ASCII characters cannot pass through both readers of the password file (see above), and Payara's
  # file realm refuses any space in a password.
  if [ "$(printf '%s' "$new" | LC_ALL=C tr -d '!-~' | wc -c)" -ne 0 ]; then
    echo "$tag PAYARA_ADMIN_PASSWORD may hold letters, digits and ASCII punctuation only (no spaces)." >&2
    return 1
  fi

  local current wanted
  current="$(grep '^AS_ADMIN_PASSWORD=' "$PASSWORD_FILE" 2>/dev/null | tail -n 1)"
  wanted="$(payara_admin_password_line "$new" AS_ADMIN_PASSWORD)"
  if [ -z "$current" ]; then
    echo "$tag $PASSWORD_FILE holds no AS_ADMIN_PASSWORD: cannot tell the domain's current admin password." >&2
    return 1
  fi
  if [ "$current" = "$wanted" ]; then
    echo "$tag The admin password is already the one in PAYARA_ADMIN_PASSWORD."
    return 0
  fi

  # Temporary files next to $PASSWORD_FILE (mktemp makes them 0600), so that the final mv replaces it atomically:
  # a container stopped half-way keeps a complete password file.
  local change_file new_file status
  change_file="$(mktemp "$PASSWORD_FILE.change.XXXXXX")" || return 1
  new_file="$(mktemp "$PASSWORD_FILE.new.XXXXXX")" || { rm -f "$change_file"; return 1; }
  # The current password comes as it is stored, so it needs no decoding.
  { echo "$current"; payara_admin_password_line "$new" AS_ADMIN_NEWPASSWORD; } > "$change_file"
  # Any other settings in the file (AS_ADMIN_MASTERPASSWORD, ...) are kept.
  { grep -v '^AS_ADMIN_PASSWORD=' "$PASSWORD_FILE"; echo "$wanted"; } > "$new_file"

  # Offline: the domain is not running yet, and change-admin-password with --domain_name edits its admin-keyfile.
  "$PAYARA_DIR/bin/asadmin" --user="$ADMIN_USER" --passwordfile="$change_file" --interactive=false \
    change-admin-password --domain_name="$DOMAIN_NAME"
  status=$?
  rm -f "$change_file"
  if [ "$status" -ne 0 ]; then
    rm -f "$new_file"
    echo "$tag Changing the admin password of domain $DOMAIN_NAME failed (asadmin status $status)." >&2
    return 1
  fi
  # Like the temporary file, the new password file is readable by the payara user only.
  mv -f "$new_file" "$PASSWORD_FILE" || { rm -f "$new_file"; return 1; }
  echo "$tag The admin password of domain $DOMAIN_NAME is now the one in PAYARA_ADMIN_PASSWORD."
)

# Sourced: `return`/`exit` here act on the entrypoint. Only a failure may end it; success falls through.
if ! payara_admin_password; then
  unset -f payara_admin_password payara_admin_password_line
  echo "[admin-password] Not starting Payara Server." >&2
  exit 1
fi
unset -f payara_admin_password payara_admin_password_line
