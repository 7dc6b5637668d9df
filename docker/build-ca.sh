# Sourced by the build stages' download steps (never by the runtime image): trust the CA bundle
# given as the build secret ca_bundle, if any. docker/run.sh passes the host's bundle when
# SSL_CERT_FILE (or BUILD_CA_BUNDLE) names one, as on machines behind a TLS-inspecting proxy.
# A secret is mounted for one RUN step only and is never written to a layer.
# shellcheck shell=bash
if [ -s /run/secrets/ca_bundle ]; then
  export SSL_CERT_FILE=/run/secrets/ca_bundle CURL_CA_BUNDLE=/run/secrets/ca_bundle \
    PIP_CERT=/run/secrets/ca_bundle NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle \
    npm_config_cafile=/run/secrets/ca_bundle
fi
