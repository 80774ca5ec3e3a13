"""Schedules the ${{ values.name }} pipeline in Dagster.

Run: dagster dev -f orchestration/definitions.py
"""
import os
import subprocess

from dagster import Definitions, ScheduleDefinition, job, op

{%- set command = {'spark': ['spark-submit', '--packages', 'io.openlineage:openlineage-spark_2.12:1.24.2', 'pipeline/job.py'], 'python': ['python', 'pipeline/job.py'], 'dbt': ['bash', 'pipeline/run.sh'], 'flink': ['flink', 'run', '--python', 'pipeline/job.py']}[values.engine] %}

COMMAND = ${{ command | dump }}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@op
def build() -> None:
    # The pipeline reports its runs to the portal (OpenLineage); see pipeline/.
    subprocess.run(COMMAND, cwd=REPO, check=True)


@job(name=${{ values.moduleName | dump }})
def build_job() -> None:
    build()


defs = Definitions(
    jobs=[build_job],
    schedules=[
        ScheduleDefinition(job=build_job, cron_schedule=${{ values.schedule | dump }}),
    ],
)
