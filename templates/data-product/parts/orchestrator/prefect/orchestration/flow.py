"""Schedules the ${{ values.name }} pipeline with Prefect.

Run: python orchestration/flow.py  (serves the flow on its schedule)
"""
import os
import subprocess

from prefect import flow, task

{%- set command = {'spark': ['spark-submit', '--packages', 'io.openlineage:openlineage-spark_2.12:1.24.2', 'pipeline/job.py'], 'python': ['python', 'pipeline/job.py'], 'dbt': ['bash', 'pipeline/run.sh'], 'flink': ['flink', 'run', '--python', 'pipeline/job.py']}[values.engine] %}

COMMAND = ${{ command | dump }}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@task(retries=2, retry_delay_seconds=300)
def build() -> None:
    # The pipeline reports its runs to the portal (OpenLineage); see pipeline/.
    subprocess.run(COMMAND, cwd=REPO, check=True)


@flow(name=${{ values.moduleName | dump }})
def build_flow() -> None:
    build()


if __name__ == "__main__":
    build_flow.serve(name=${{ values.moduleName | dump }}, cron=${{ values.schedule | dump }})
