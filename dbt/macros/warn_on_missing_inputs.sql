{#
    on-run-start, target local (DuckDB) only: warns, with the path and the tool
    that writes it, about each input the bronze sources would find empty (no
    finished batch run, no event file). DuckDB cannot read an empty glob, so
    any model reading such a source then fails with DuckDB's own "No files
    found that match the pattern ..." error: an empty lake is an error, by
    design, rather than empty tables that look like "no sales".
    The patterns mirror meta.external_location in models/silver/__sources.yml.
#}
{% macro warn_on_missing_inputs() %}

    {%- if execute and target.type == 'duckdb' -%}
        {%- set data_dir = env_var('PIPELINE_DATA_DIR', './data') -%}
        {%- set events_dir = env_var('PIPELINE_EVENTS_DIR', './events') -%}
        {%- set inputs = [
            ('finished products run', data_dir ~ '/raw/products/date=*/run_id=*/_manifest.json', 'batch-ingest', 'PIPELINE_DATA_DIR'),
            ('finished users run', data_dir ~ '/raw/users/date=*/run_id=*/_manifest.json', 'batch-ingest', 'PIPELINE_DATA_DIR'),
            ('cart event file', events_dir ~ '/carts-events/date=*/*.jsonl', 'cart-streamer', 'PIPELINE_EVENTS_DIR'),
        ] -%}
        {%- for label, pattern, tool, variable in inputs -%}
            {%- set found = run_query(
                "select count(*) from glob('" ~ pattern ~ "')"
            ).columns[0].values()[0] -%}
            {%- if found == 0 -%}
                {{ log(
                    "WARNING: no " ~ label ~ " matches " ~ pattern
                    ~ " (run " ~ tool ~ " first, or set " ~ variable ~ ");"
                    ~ " models reading it will fail with 'No files found'.",
                    info=true,
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

{% endmacro %}
