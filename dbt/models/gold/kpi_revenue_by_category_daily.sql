with

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

dim_products as (

    select * from {{ ref('dim_products') }}

),

category_lines as (

    select
        fact_cart_items.cart_date,
        dim_products.category,
        fact_cart_items.cart_id,
        fact_cart_items.quantity,
        fact_cart_items.line_amount

    from fact_cart_items

    inner join dim_products
        on fact_cart_items.product_sk = dim_products.product_sk

),

daily as (

    select
        cart_date,
        category,
        count(distinct cart_id) as count_carts,
        sum(quantity) as units,
        sum(line_amount) as revenue

    from category_lines

    group by 1, 2

),

final as (

    select
        cast(cart_date as date) as cart_date,
        cast(category as string) as category,
        cast(count_carts as int64) as count_carts,
        cast(units as int64) as units,
        cast(revenue as {{ decimal_type('money') }}) as revenue

    from daily

)

select * from final
