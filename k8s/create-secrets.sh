#!/usr/bin/env bash
# Creates the Secrets the manifests reference, in one namespace, once: the three database roles'
# (kubernetes.io/basic-auth, as CloudNativePG's managed roles want them), the service's keys, and the
# object store's credentials. Existing Secrets are left alone (rotate by deleting one and re-running).
# Values travel on stdin to kubectl, never on a command line.
usage="usage: k8s/create-secrets.sh NAMESPACE   (S3: BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY in the environment)"
set -eu
case ${1:-} in ''|-h|--help) echo "$usage"; exit 2 ;; esac
ns=$1

random() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }

exists() { kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }

# role secrets: the username must be the managed role's name
for pair in celestial-db-owner:celestial_owner celestial-db-writer:celestial_writer celestial-db-reader:celestial_reader; do
  name=${pair%%:*} user=${pair#*:}
  if exists "$name"; then echo "create-secrets: $name exists, kept"; continue; fi
  kubectl -n "$ns" create -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: $name
type: kubernetes.io/basic-auth
stringData:
  username: $user
  password: $(random)
YAML
  echo "create-secrets: $name created (role $user)"
done

# the cursor key must be the same on every replica; the bootstrap admin key creates the first API clients
if exists celestial-app; then echo "create-secrets: celestial-app exists, kept"; else
  kubectl -n "$ns" create -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: celestial-app
type: Opaque
stringData:
  cursor-key: $(random)
  bootstrap-admin-key: cel_admin_$(random)
YAML
  echo "create-secrets: celestial-app created (read the admin key with:"
  echo "  kubectl -n $ns get secret celestial-app -o jsonpath='{.data.bootstrap-admin-key}' | base64 -d)"
fi

if exists celestial-backup-s3; then echo "create-secrets: celestial-backup-s3 exists, kept"; else
  : "${BACKUP_S3_ACCESS_KEY_ID:?set BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY for the backup bucket}"
  : "${BACKUP_S3_SECRET_ACCESS_KEY:?set BACKUP_S3_SECRET_ACCESS_KEY}"
  kubectl -n "$ns" create -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: celestial-backup-s3
type: Opaque
stringData:
  ACCESS_KEY_ID: $BACKUP_S3_ACCESS_KEY_ID
  ACCESS_SECRET_KEY: $BACKUP_S3_SECRET_ACCESS_KEY
YAML
  echo "create-secrets: celestial-backup-s3 created"
fi
