#!/usr/bin/env bash
# Runs the dbt project with dbt-ol, which reports each model run to the portal as OpenLineage
# events (the inputs and outputs dbt knows from its manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENLINEAGE_URL="${MESHWORK_OPENLINEAGE_URL:-${{ values.portalBaseUrl }}/api/data-mesh/openlineage}"
export OPENLINEAGE_ENDPOINT=api/v1/lineage
export OPENLINEAGE_API_KEY="${MESHWORK_OPENLINEAGE_API_KEY:?set MESHWORK_OPENLINEAGE_API_KEY}"
export OPENLINEAGE_NAMESPACE=${{ values.openlineageNamespace | dump }}
dbt-ol run
