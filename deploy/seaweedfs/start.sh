#!/bin/sh
# Entry point of the `seaweedfs` service in docker-compose.yml.
#
# SeaweedFS reads static S3 credentials from a JSON identities file (-s3.config). The keys are
# secrets that live in .env, so the file is written here, inside the container, at every start,
# instead of being committed. Then the image's own entrypoint runs with the compose `command`
# (it fixes /data ownership and drops root privileges before starting `weed`).
set -eu

: "${S3_ACCESS_KEY_ID:?is not set}"
: "${S3_SECRET_ACCESS_KEY:?is not set}"

# The keys are pasted into JSON below: refuse anything that would need escaping.
case "${S3_ACCESS_KEY_ID}${S3_SECRET_ACCESS_KEY}" in
  *[!A-Za-z0-9._~+/=-]*)
    echo "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY may only contain letters, digits and . _ ~ + / = - (use: openssl rand -hex 32)" >&2
    exit 1
    ;;
esac

# World-readable inside the container only: `weed` runs as the image's unprivileged user.
umask 022
cat > /tmp/s3.json <<JSON
{
  "identities": [
    {
      "name": "malle",
      "credentials": [{ "accessKey": "${S3_ACCESS_KEY_ID}", "secretKey": "${S3_SECRET_ACCESS_KEY}" }],
      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
    }
  ]
}
JSON

exec /entrypoint.sh "$@"
