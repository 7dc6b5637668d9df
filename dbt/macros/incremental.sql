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
    delete_unmatched(current, columns, condition='true'): a post-hook for the
    incremental models merged on a line key (stg_cart_lines, fact_cart_items).
    A merge upserts the lines it recomputed but never removes one; this deletes
    from the model the rows that no longer have a match in `current` on every
    column of `columns` (and `condition`, on `current_rows`): the lines of a
    deleted cart, a product taken out of a cart, the lines of a cart's
    previous version. On a consistent model it deletes nothing.
#}
{% macro delete_unmatched(current, columns, condition='true') -%}

    delete from {{ this }} as model_rows
    where not exists (
        select 1
        from {{ current }} as current_rows
        where
            {% for column in columns -%}
            current_rows.{{ column }} = model_rows.{{ column }}
            and {% endfor -%}
            ({{ condition }})
    )

{%- endmacro %}
