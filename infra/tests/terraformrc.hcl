# Terraform CLI configuration used by infra/tests/run (TF_CLI_CONFIG_FILE).
# The test machines have no access to the Terraform registry, so the AWS
# provider is installed from a local filesystem mirror, and direct downloads
# are disabled for the registry so that a missing mirror fails loudly instead
# of hanging on the network.
provider_installation {
  filesystem_mirror {
    path    = "/opt/tf-plugins"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
