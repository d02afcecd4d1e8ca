#!/usr/bin/env bash
# Adds a migration with the same name for every database provider: ./scripts/add-migration.sh AddReviewCycles
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/TrustPortal.Web -v q -nologo
for provider in Sqlite SqlServer PostgreSql; do
  (cd src/TrustPortal.Web && dotnet ef migrations add "$name" --no-build \
    --context "${provider}TrustPortalDbContext" \
    --output-dir "Data/Migrations/$provider" \
    --namespace "TrustPortal.Web.Data.Migrations.$provider")
done
