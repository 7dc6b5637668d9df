with

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

baskets as (

    select
        cart_id,
        cart_date,
        sum(quantity) as basket_size,
        sum(line_amount) as basket_value

    from fact_cart_items

    group by 1, 2

),

daily as (

    select
        cart_date,
        count(*) as count_carts,
        sum(basket_size) as units,
        sum(basket_value) as revenue

    from baskets

    group by 1

),

final as (

    select
        cast(cart_date as date) as cart_date,
        cast(count_carts as int64) as count_carts,
        cast(units as int64) as units,
        cast(revenue as {{ decimal_type('money') }}) as revenue,
        cast(
            round(revenue / count_carts, 2) as {{ decimal_type('money') }}
        ) as avg_basket_value,
        cast(
            round(units / count_carts, 4) as {{ decimal_type('ratio') }}
        ) as avg_basket_size

    from daily

)

select * from final
