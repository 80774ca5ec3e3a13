"""Reports the pipeline's runs to the portal as OpenLineage events.

The portal's endpoint is MESHWORK_OPENLINEAGE_URL (default below) + /api/v1/lineage, and the
API key is MESHWORK_OPENLINEAGE_API_KEY: a static token of the portal
(backend.auth.externalAccess), never committed.
"""
import os
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import Dataset, Job, Run, RunEvent, RunState
from openlineage.client.transport.http import HttpConfig, HttpTransport

NAMESPACE = ${{ values.openlineageNamespace | dump }}
JOB_NAME = ${{ values.openlineageJob | dump }}
PRODUCER = "https://github.com/meshwork/data-product-template"
DEFAULT_URL = ${{ (values.portalBaseUrl ~ '/api/data-mesh/openlineage') | dump }}
# The declared inputs (catalog-info.yaml spec.inputPorts); the portal compares them with what ran.
INPUTS = [
{%- for p in values.inputProducts %}
    Dataset(namespace=NAMESPACE, name=${{ p | dump }}),
{%- endfor %}
{%- for s in values.sources %}
    Dataset(namespace=NAMESPACE, name=${{ s | dump }}),
{%- endfor %}
]
OUTPUTS = [Dataset(namespace=NAMESPACE, name=${{ (values.outputLocation or values.moduleName) | dump }})]


def lineage_client() -> OpenLineageClient:
    config = HttpConfig.from_dict(
        {
            "url": os.environ.get("MESHWORK_OPENLINEAGE_URL", DEFAULT_URL),
            "endpoint": "api/v1/lineage",
            "auth": {
                "type": "api_key",
                "api_key": os.environ["MESHWORK_OPENLINEAGE_API_KEY"],
            },
        }
    )
    return OpenLineageClient(transport=HttpTransport(config))


class LineageRun:
    """Emits START when entered, COMPLETE or FAIL when left."""

    def __init__(self) -> None:
        self.client = lineage_client()
        self.run = Run(runId=str(uuid.uuid4()))

    def _emit(self, state: RunState) -> None:
        self.client.emit(
            RunEvent(
                eventType=state,
                eventTime=datetime.now(timezone.utc).isoformat(),
                run=self.run,
                job=Job(namespace=NAMESPACE, name=JOB_NAME),
                producer=PRODUCER,
                inputs=INPUTS,
                outputs=OUTPUTS,
            )
        )

    def __enter__(self) -> "LineageRun":
        self._emit(RunState.START)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._emit(RunState.COMPLETE if exc is None else RunState.FAIL)
