{#
    Where a node is built. Its custom schema names its layer (`+schema: silver`
    or `gold` in dbt_project.yml); the layer's dataset is var('<layer>_dataset'):
    silver_data and gold_data by default, BQ_SILVER_DATASET / BQ_GOLD_DATASET
    to change them (the same variables the tools and Terraform read).

    - Production targets (`bigquery`, and `local`, whose DuckDB file is yours
      alone): the dataset as is, with no target prefix.
    - Targets listed in var('dev_targets') (`dev`): `<prefix>_<dataset>`, the
      prefix being the target's schema (profiles.yml: DBT_DEV_PREFIX, else the
      user name), made dataset-safe; e.g. `alice_silver_data`. Each developer
      builds silver and gold apart, from the production bronze sources.

    A node without a custom schema lands in silver's dataset; any other custom
    schema (e.g. dbt_test__audit of `--store-failures`) is used as it is.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}

    {%- set schema = (custom_schema_name or 'silver') | trim -%}
    {%- set dataset = var(schema ~ '_dataset', schema) | trim -%}
    {%- if target.name in var('dev_targets') -%}
        {{ dev_schema_prefix() }}_{{ dataset }}
    {%- else -%}
        {{ dataset }}
    {%- endif -%}

{%- endmacro %}


{#
    The dev target's schema as a dataset-name prefix: lowercase, anything but
    letters, digits and underscores turned into `_`. Fails the run when it is
    empty, rather than writing to the production datasets.
#}
{% macro dev_schema_prefix() -%}

    {%- set prefix = modules.re.sub('[^a-z0-9_]+', '_', (target.schema or '') | trim | lower) | trim('_') -%}
    {%- if not prefix -%}
        {{ exceptions.raise_compiler_error(
            "target " ~ target.name ~ " builds per-developer datasets, but its prefix is empty: "
            ~ "set DBT_DEV_PREFIX (default: the user name, USER)") }}
    {%- endif -%}
    {{- prefix -}}

{%- endmacro %}
