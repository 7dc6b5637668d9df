{#
    latest_across_runs(records, key): the CTEs `ranked` (each record with its
    `recency_rank` among the records of the same `key`, newest run first) and
    `latest_run` (the run_id of the newest finished batch run), shared by the
    staging models that keep the latest version of a record across runs. A
    record whose id is missing from the latest run is still kept, flagged
    `is_listed = false` by the caller's join on `latest_run`.
#}
{% macro latest_across_runs(records, key) -%}
ranked as (

    select
        *,

        row_number() over (
            partition by {{ key }}
            order by ingested_at desc, run_id desc
        ) as recency_rank

    from {{ records }}

),

runs as (

    select
        run_id,

        row_number() over (
            order by max(ingested_at) desc, run_id desc
        ) as run_rank

    from {{ records }}

    group by 1

),

latest_run as (

    select run_id

    from runs

    where run_rank = 1

)
{%- endmacro %}
