# The streamer's one storage grant: read and write objects under the state prefix of
# the lake bucket, nothing else in it. objectUser and not creator + viewer: a state
# commit replaces the object (conditioned on its generation), which needs delete.
resource "google_storage_bucket_iam_member" "state" {
  bucket = var.state.bucket
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${var.service_account}"

  condition {
    title       = "cart-streamer-state"
    description = "Objects under gs://${var.state.bucket}/${var.state.prefix} only."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${var.state.bucket}/objects/${var.state.prefix}\") || api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"${var.state.prefix}\")"
  }
}
