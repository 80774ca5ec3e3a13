"""Schedules the ${{ values.name }} pipeline in Apache Airflow.

With apache-airflow-providers-openlineage installed, Airflow reports the DAG's runs to the
portal too; configure it in the Airflow deployment (the API key from a secret):
  AIRFLOW__OPENLINEAGE__NAMESPACE=${{ values.openlineageNamespace }}
  AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "${{ values.portalBaseUrl }}/api/data-mesh/openlineage", "endpoint": "api/v1/lineage", "auth": {"type": "api_key", "api_key": "<token>"}}'
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

{%- set command = {'spark': 'spark-submit --packages io.openlineage:openlineage-spark_2.12:1.24.2 pipeline/job.py', 'python': 'python pipeline/job.py', 'dbt': 'bash pipeline/run.sh', 'flink': 'flink run --python pipeline/job.py'}[values.engine] %}

with DAG(
    dag_id=${{ values.moduleName | dump }},
    description=${{ values.title | dump }},
    schedule=${{ values.schedule | dump }},
    start_date=datetime(2025, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["data-product", ${{ values.openlineageNamespace | dump }}],
) as dag:
    BashOperator(
        task_id="build",
        # Runs from the product repository's root; the API key comes from the environment.
        bash_command=${{ ('cd "$PRODUCT_REPO" && ' ~ command) | dump }},
    )
