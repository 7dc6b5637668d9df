with

days as (

    {{ calendar_days(var('calendar_start'), var('calendar_end')) }}

),

attributes as (

    select
        cast(date_day as date) as date_day,
        cast(extract(year from date_day) as int64) as year_number,
        cast(extract(quarter from date_day) as int64) as quarter_number,
        cast(extract(month from date_day) as int64) as month_number,
        cast(extract(day from date_day) as int64) as day_of_month,
        cast({{ iso_day_of_week('date_day') }} as int64) as iso_day_of_week,
        cast({{ iso_day_of_week('date_day') }} >= 6 as bool) as is_weekend,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start

    from days

)

select * from attributes
