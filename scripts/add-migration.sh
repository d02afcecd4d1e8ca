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
  # With no migration yet in the folder, dotnet ef puts the model snapshot in a folder named after the namespace.
  stray="src/TrustPortal.Web/TrustPortal/Web/Data/Migrations/$provider"
  if [[ -d "$stray" ]]; then mv "$stray"/*.cs "src/TrustPortal.Web/Data/Migrations/$provider/"; fi
done
rm -rf src/TrustPortal.Web/TrustPortal
