{#
    events_watermark(column): on an incremental run, the latest `column` already
    in this model minus `events_lookback_days`, as 'YYYY-MM-DD HH:MM:SS' (UTC);
    none on a full build or an empty model. It is read once, at compile time,
    so the filter it feeds is a constant: BigQuery prunes the day partitions of
    the bronze table, DuckDB skips the event log's older `date=` folders.
#}
{% macro events_watermark(column) -%}

    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}

    {%- set query -%}
        select max({{ column }}) as watermark from {{ this }}
    {%- endset -%}
    {%- set latest = run_query(query).columns[0].values()[0] -%}
    {%- if latest is none -%}
        {{ return(none) }}
    {%- endif -%}

    {%- set lookback = modules.datetime.timedelta(
        days=var('events_lookback_days') | int
    ) -%}
    {{ return((latest - lookback).strftime('%Y-%m-%d %H:%M:%S')) }}

{%- endmacro %}


{#
    events_since(watermark): the filter on bronze.cart_events_raw that keeps the
    events published at or after `watermark`; `true` when it is none.
#}
{% macro events_since(watermark) -%}
    {%- if watermark is none -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return(adapter.dispatch('events_since', 'fakestore')(watermark)) }}
{%- endmacro %}

{% macro default__events_since(watermark) -%}
    publish_time >= timestamp '{{ watermark }}'
{%- endmacro %}

{% macro duckdb__events_since(watermark) -%}
    {#- the log's date= folders first: DuckDB then skips the older files -#}
    (_partition_date >= date '{{ watermark[:10] }}' and publish_time >= timestamp '{{ watermark }}')
{%- endmacro %}


{#
    run_loaded_at(): this dbt invocation's start (`run_started_at`, UTC, to the
    microsecond) as a timestamp literal: the `loaded_at` every row an
    incremental model (re)computes in this run carries. The next run's models
    read the rows loaded after their own latest `loaded_at` (load_watermark).
    It assumes a clock that does not go back between runs.
#}
{% macro run_loaded_at() -%}
    timestamp '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'
{%- endmacro %}


{#
    load_watermark(upstream): on an incremental run, the latest `loaded_at` in
    this model, as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): the rows of `upstream`
    loaded after it are the ones this model has not seen. Read once, at compile
    time, so the filter is a constant (DuckDB skips the older row groups by
    their min/max, BigQuery the older blocks of a table clustered on
    loaded_at). None, and the model then recomputes from every upstream row,
    on a full build, on an empty model, or when `upstream` was rebuilt since
    this model last ran (its oldest `loaded_at` is newer than this model's
    latest: a `--full-refresh` of the upstream alone reloads every row).
#}
{% macro load_watermark(upstream) -%}

    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(held_load_watermark(upstream)) }}

{%- endmacro %}


{#
    held_load_watermark(upstream): load_watermark's query, on the model `this`
    names, whether or not the run is incremental (a pre-hook renders where
    is_incremental() is not the model's).
#}
{% macro held_load_watermark(upstream) -%}

    {%- set query -%}
        select
            (select max(loaded_at) from {{ this }}) as watermark,
            (select min(loaded_at) from {{ upstream }}) as upstream_start
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- if row[0] is none or row[1] is none or row[1] > row[0] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(row[0].strftime('%Y-%m-%d %H:%M:%S.%f')) }}

{%- endmacro %}


{#
    changed_cart_ids(watermark, upstreams): a select of the ids of the carts
    with a row loaded after `watermark` in any of `upstreams` (an id may
    repeat): the carts an incremental run of a cart-keyed model recomputes.
#}
{% macro changed_cart_ids(watermark, upstreams) -%}

    {%- for upstream in upstreams %}
    select cart_id from {{ upstream }}
    where loaded_at > timestamp '{{ watermark }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

{%- endmacro %}


{#
    delete_rows_of_changed_carts(upstreams): the pre-hook of the cart-keyed
    incremental models (stg_cart_lines, fact_cart_items). It deletes the rows
    of the carts changed since this model's latest `loaded_at` (watermark:
    load_watermark(upstreams[0]), the one the model's SQL read when it was
    compiled, just before); the model then inserts the current rows of those
    carts. A deleted cart, a product taken out of a cart, a cart's previous
    version: their rows go with the delete and are not inserted again. Every
    row when there is no watermark (the model then recomputes every cart).
    If the run fails after the delete, the watermark has not moved (it is the
    latest row's `loaded_at`, and the deleted rows were all loaded before
    it): the next run recomputes the same carts.
#}
{% macro delete_rows_of_changed_carts(upstreams) -%}

    {#- is_incremental(), spelled out: a hook compiled on its own (the
        offline BigQuery check) is no incremental model -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set held = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- if held is none or should_full_refresh() -%}
        {{ return('') }}
    {%- endif -%}

    {%- set watermark = held_load_watermark(upstreams[0]) %}
    delete from {{ this }}
    where
    {%- if watermark is none %} true
    {%- else %} cart_id in (
        {{- changed_cart_ids(watermark, upstreams) | indent(4) }}
    )
    {%- endif %}

{%- endmacro %}
