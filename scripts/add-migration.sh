#!/usr/bin/env bash
# Adds the same migration to both providers, so SQLite and SQL Server never drift apart.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  project=src/CrmWorkflow.Migrations.$provider
  echo "== $provider"
  dotnet tool run dotnet-ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
# Give the SQL Server migration the same id (timestamp) as the SQLite one.
sqlite_id=$(basename "$(ls src/CrmWorkflow.Migrations.Sqlite/Migrations/*_"$name".cs | head -1)" .cs)
for file in src/CrmWorkflow.Migrations.SqlServer/Migrations/*_"$name".cs src/CrmWorkflow.Migrations.SqlServer/Migrations/*_"$name".Designer.cs; do
  old_id=$(basename "$file" | sed -E 's/^([0-9]+_[^.]+).*/\1/')
  [ "$old_id" = "$sqlite_id" ] && continue
  sed -i "s/$old_id/$sqlite_id/g" "$file"
  mv "$file" "$(dirname "$file")/$(basename "$file" | sed "s/^$old_id/$sqlite_id/")"
done
echo "Added $sqlite_id to both providers."
