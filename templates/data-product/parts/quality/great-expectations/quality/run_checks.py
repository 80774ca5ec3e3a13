"""Runs the expectation suite (quality/expectations.json) on the output port with Great
Expectations, and fails when a check fails.

Run: python quality/run_checks.py <path to the output data>
"""
import json
import sys
from pathlib import Path

import great_expectations as gx
import pandas as pd

SUITE = json.loads((Path(__file__).parent / "expectations.json").read_text())


def main(path: str) -> None:
    context = gx.get_context(mode="ephemeral")
    frame = pd.read_parquet(path)
    batch = (
        context.data_sources.add_pandas("output")
        .add_dataframe_asset(${{ values.moduleName | dump }})
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite = gx.ExpectationSuite(**SUITE)
    result = batch.validate(suite)
    print(result)
    sys.exit(0 if result.success else 1)


if __name__ == "__main__":
    main(sys.argv[1])
