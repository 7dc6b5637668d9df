with

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

dim_dates as (

    select * from {{ ref('dim_dates') }}

),

user_days as (

    select distinct
        user_id,
        cart_date

    from fact_cart_items

),

active_period as (

    select
        min(cart_date) as first_date,
        max(cart_date) as last_date

    from user_days

),

days as (

    select dim_dates.date_day

    from dim_dates

    inner join active_period
        on
            dim_dates.date_day
            between active_period.first_date and active_period.last_date

),

windowed as (

    select
        days.date_day,
        user_days.user_id,
        user_days.cart_date

    from days

    inner join user_days
        on
            user_days.cart_date between cast(
                {{ dbt.dateadd('day', -29, 'days.date_day') }} as date
            ) and days.date_day

),

daily as (

    select
        date_day,
        count(
            distinct case when cart_date = date_day then user_id end
        ) as active_users,
        count(distinct user_id) as active_users_30d

    from windowed

    group by 1

),

final as (

    select
        cast(days.date_day as date) as date_day,
        cast(coalesce(daily.active_users, 0) as int64) as active_users,
        cast(
            coalesce(daily.active_users_30d, 0) as int64
        ) as active_users_30d

    from days

    left join daily
        on days.date_day = daily.date_day

)

select * from final
