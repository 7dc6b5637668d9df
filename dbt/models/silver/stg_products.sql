with

source as (

    select * from {{ source('bronze', 'products_raw') }}

),

renamed as (

    select

        ---------- ids
        {{ try_cast(json_text('payload', '$.id'), 'int64') }} as product_id,
        _run_id as run_id,

        ---------- text
        nullif(
            trim({{ json_text('payload', '$.title') }}), ''
        ) as product_title,
        nullif(
            trim({{ json_text('payload', '$.description') }}), ''
        ) as product_description,
        nullif(
            lower(trim({{ json_text('payload', '$.category') }})), ''
        ) as category,
        nullif(trim({{ json_text('payload', '$.image') }}), '') as image_url,

        ---------- numerics
        {{ try_cast(
            json_text('payload', '$.price'), decimal_type('money')
        ) }} as price,
        {{ try_cast(
            json_text('payload', '$.rating.rate'), decimal_type('rating')
        ) }} as rating_rate,
        {{ try_cast(
            json_text('payload', '$.rating.count'), 'int64'
        ) }} as rating_count,

        ---------- timestamps
        cast(_ingested_at as timestamp) as ingested_at

    from source

),

validated as (

    select
        product_id,
        run_id,
        product_title,
        product_description,
        category,
        image_url,
        ingested_at,
        case when price >= 0 then price end as price,
        case
            when rating_rate between 0 and 5 then rating_rate
        end as rating_rate,
        case when rating_count >= 0 then rating_count end as rating_count

    from renamed

    where product_id is not null

),

{{ latest_across_runs('validated', 'product_id') }},

latest as (

    select
        ranked.product_id,
        ranked.run_id,
        ranked.product_title,
        ranked.product_description,
        ranked.category,
        ranked.image_url,
        ranked.price,
        ranked.rating_rate,
        ranked.rating_count,
        ranked.ingested_at,
        latest_run.run_id is not null as is_listed

    from ranked

    left join latest_run
        on ranked.run_id = latest_run.run_id

    where ranked.recency_rank = 1

)

select * from latest
