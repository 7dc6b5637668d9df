with

source as (

    select * from {{ source('bronze', 'users_raw') }}

),

renamed as (

    select

        ---------- ids
        {{ try_cast(json_text('payload', '$.id'), 'int64') }} as user_id,
        _run_id as run_id,

        ---------- text
        nullif(lower(trim({{ json_text('payload', '$.email') }})), '') as email,
        nullif(trim({{ json_text('payload', '$.username') }}), '') as username,
        nullif(
            trim({{ json_text('payload', '$.name.firstname') }}), ''
        ) as first_name,
        nullif(
            trim({{ json_text('payload', '$.name.lastname') }}), ''
        ) as last_name,
        nullif(trim({{ json_text('payload', '$.phone') }}), '') as phone,
        nullif(
            trim({{ json_text('payload', '$.address.street') }}), ''
        ) as street,
        nullif(
            trim({{ json_text('payload', '$.address.city') }}), ''
        ) as city,
        nullif(
            trim({{ json_text('payload', '$.address.zipcode') }}), ''
        ) as zipcode,

        ---------- numerics
        {{ try_cast(
            json_text('payload', '$.address.number'), 'int64'
        ) }} as street_number,
        {{ try_cast(
            json_text('payload', '$.address.geolocation.lat'),
            decimal_type('coordinate')
        ) }} as latitude,
        {{ try_cast(
            json_text('payload', '$.address.geolocation.long'),
            decimal_type('coordinate')
        ) }} as longitude,

        ---------- timestamps
        cast(_ingested_at as timestamp) as ingested_at

    from source

),

validated as (

    select
        user_id,
        run_id,
        username,
        first_name,
        last_name,
        phone,
        street,
        city,
        zipcode,
        street_number,
        ingested_at,
        case when email like '%_@_%' then email end as email,
        case when latitude between -90 and 90 then latitude end as latitude,
        case
            when longitude between -180 and 180 then longitude
        end as longitude

    from renamed

    where user_id is not null

),

{{ latest_across_runs('validated', 'user_id') }},

latest as (

    select
        ranked.user_id,
        ranked.run_id,
        ranked.email,
        ranked.username,
        ranked.first_name,
        ranked.last_name,
        ranked.phone,
        ranked.street,
        ranked.street_number,
        ranked.city,
        ranked.zipcode,
        ranked.latitude,
        ranked.longitude,
        ranked.ingested_at,
        latest_run.run_id is not null as is_listed

    from ranked

    left join latest_run
        on ranked.run_id = latest_run.run_id

    where ranked.recency_rank = 1

)

select * from latest
