"""The ${{ values.name }} pipeline (PySpark): read the inputs, build the
${{ values.outputPortName }} output port (${{ values.outputFormat }}).

Spark's OpenLineage listener reports every run to the portal, with the inputs and outputs
Spark actually read and wrote.

Run: spark-submit --packages io.openlineage:openlineage-spark_2.12:1.24.2 pipeline/job.py
"""
import os

from pyspark.sql import SparkSession

OPENLINEAGE_URL = os.environ.get(
    "MESHWORK_OPENLINEAGE_URL",
    ${{ (values.portalBaseUrl ~ '/api/data-mesh/openlineage') | dump }},
)
OUTPUT = ${{ (values.outputLocation or values.moduleName) | dump }}
# The schema promised by the data contract (contract.odcs.yaml).
SCHEMA = ", ".join(
    [
{%- for col in values.columns %}
        ${{ (col.name ~ ' ' ~ {'string': 'STRING', 'integer': 'BIGINT', 'number': 'DOUBLE', 'boolean': 'BOOLEAN', 'date': 'DATE', 'timestamp': 'TIMESTAMP'}[col.type]) | dump }},
{%- endfor %}
    ]
)


def spark_session() -> SparkSession:
    return (
        SparkSession.builder.appName(${{ values.moduleName | dump }})
        .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
        .config("spark.openlineage.transport.type", "http")
        .config("spark.openlineage.transport.url", OPENLINEAGE_URL)
        .config("spark.openlineage.transport.endpoint", "api/v1/lineage")
        .config("spark.openlineage.transport.auth.type", "api_key")
        .config("spark.openlineage.transport.auth.apiKey", os.environ["MESHWORK_OPENLINEAGE_API_KEY"])
        .config("spark.openlineage.namespace", ${{ values.openlineageNamespace | dump }})
        .config("spark.openlineage.parentJobNamespace", ${{ values.openlineageNamespace | dump }})
        .config("spark.openlineage.appName", ${{ values.openlineageJob | dump }})
        .getOrCreate()
    )


def main() -> None:
    spark = spark_session()
    # TODO(owner): read the declared inputs and transform them.
    frame = spark.createDataFrame([], SCHEMA)
    frame.write.format(${{ values.outputFormat | dump }}).mode("overwrite").save(OUTPUT)
    spark.stop()


if __name__ == "__main__":
    main()
