"""The ${{ values.name }} pipeline (Python, pandas): read the inputs, build the
${{ values.outputPortName }} output port, report the run to the portal.

Run: python pipeline/job.py
"""
import pandas as pd

from lineage import LineageRun

COLUMNS = [
{%- for col in values.columns %}
    ${{ col.name | dump }},
{%- endfor %}
]


def build() -> pd.DataFrame:
    # TODO(owner): read the declared inputs and transform them.
    return pd.DataFrame(columns=COLUMNS)


def main() -> None:
    with LineageRun():
        frame = build()
        # TODO(owner): write to the output port (${{ values.outputFormat }}).
        frame.to_parquet(${{ (values.moduleName ~ '.parquet') | dump }})


if __name__ == "__main__":
    main()
