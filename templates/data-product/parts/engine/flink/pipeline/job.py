"""The ${{ values.name }} pipeline (PyFlink Table API): read the inputs, build the
${{ values.outputPortName }} output port (${{ values.outputFormat }}).

Flink's OpenLineage job listener (conf/flink-conf.yaml) reports the job to the portal.

Run: flink run --python pipeline/job.py
"""
from pyflink.table import EnvironmentSettings, TableEnvironment

SINK = ${{ values.moduleName | dump }}


def main() -> None:
    settings = EnvironmentSettings.in_streaming_mode()
    table_env = TableEnvironment.create(settings)
    table_env.get_config().set("pipeline.name", ${{ values.openlineageJob | dump }})
    # TODO(owner): declare the input tables and the real sink, then transform.
    table_env.execute_sql(
        "CREATE TABLE " + SINK + " ("
{%- for col in values.columns %}
        ${{ (col.name ~ ' ' ~ {'string': 'STRING', 'integer': 'BIGINT', 'number': 'DOUBLE', 'boolean': 'BOOLEAN', 'date': 'DATE', 'timestamp': 'TIMESTAMP(3)'}[col.type] ~ (', ' if not loop.last else '')) | dump }}
{%- endfor %}
        ") WITH ('connector' = 'blackhole')"
    )


if __name__ == "__main__":
    main()
