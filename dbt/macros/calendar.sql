{#
    calendar_days(start_date, end_date): a select of one row per day between
    two 'YYYY-MM-DD' dates (inclusive), column `date_day`.
    iso_day_of_week(date): 1 = Monday ... 7 = Sunday.
#}
{% macro calendar_days(start_date, end_date) -%}
    {{ return(adapter.dispatch('calendar_days', 'fakestore')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__calendar_days(start_date, end_date) -%}
    select date_day
    from
        unnest(
            generate_date_array(date '{{ start_date }}', date '{{ end_date }}')
        ) as date_day
{%- endmacro %}

{% macro duckdb__calendar_days(start_date, end_date) -%}
    select cast(days.day_start as date) as date_day
    from
        generate_series(
            timestamp '{{ start_date }}',
            timestamp '{{ end_date }}',
            interval 1 day
        ) as days (day_start)
{%- endmacro %}


{% macro iso_day_of_week(date) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'fakestore')(date)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date) -%}
    mod(extract(dayofweek from {{ date }}) + 5, 7) + 1
{%- endmacro %}

{% macro duckdb__iso_day_of_week(date) -%}
    extract(isodow from {{ date }})
{%- endmacro %}
