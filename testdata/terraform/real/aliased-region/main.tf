# vpcgate fixture "aliased-region": two alicloud provider configurations. The default one is
# cn-hangzhou; the aliased one ("sh") is cn-shanghai and carries the VPC integration instance,
# its VPC and vSwitches. Child modules show the provider forms: module.api and module.sh_vpc get
# alicloud.sh passed explicitly, module.hz_vpc inherits the default provider, and module.legacy
# declares its own provider block (cn-beijing).
terraform {
  required_version = ">= 1.7"
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "1.265.0"
    }
  }
}

provider "alicloud" {
  region                 = "cn-hangzhou"
  skip_region_validation = true
}

provider "alicloud" {
  alias                  = "sh"
  region                 = "cn-shanghai"
  skip_region_validation = true
}

# A resource on the default (cn-hangzhou) provider.
resource "alicloud_vpc" "hz" {
  vpc_name   = "vpcgate-hz-vpc"
  cidr_block = "172.16.0.0/12"
}

resource "alicloud_vpc" "sh" {
  provider   = alicloud.sh
  vpc_name   = "vpcgate-sh-vpc"
  cidr_block = "10.0.0.0/8"
}

resource "alicloud_vswitch" "sh_e" {
  provider     = alicloud.sh
  vswitch_name = "vpcgate-sh-vsw-e"
  vpc_id       = alicloud_vpc.sh.id
  cidr_block   = "10.0.1.0/24"
  zone_id      = "cn-shanghai-e"
}

resource "alicloud_vswitch" "sh_f" {
  provider     = alicloud.sh
  vswitch_name = "vpcgate-sh-vsw-f"
  vpc_id       = alicloud_vpc.sh.id
  cidr_block   = "10.0.2.0/24"
  zone_id      = "cn-shanghai-f"
}

resource "alicloud_security_group" "sh_gateway" {
  provider            = alicloud.sh
  security_group_name = "vpcgate-sh-gateway-sg"
  vpc_id              = alicloud_vpc.sh.id
}

resource "alicloud_security_group_rule" "sh_gateway_to_backend" {
  provider          = alicloud.sh
  type              = "egress"
  ip_protocol       = "tcp"
  policy            = "accept"
  port_range        = "8080/8080"
  priority          = 1
  security_group_id = alicloud_security_group.sh_gateway.id
  cidr_ip           = "10.0.1.5/32"
}

resource "alicloud_api_gateway_instance" "sh" {
  provider      = alicloud.sh
  instance_name = "vpcgate_sh_vpc_connect"
  https_policy  = "HTTPS2_TLS1_0"
  instance_spec = "api.s1.small"
  instance_type = "vpc_connect"
  payment_type  = "PayAsYouGo"
  user_vpc_id   = alicloud_vpc.sh.id
  instance_cidr = "192.168.0.0/16"

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.sh_e.zone_id
    vswitch_id     = alicloud_vswitch.sh_e.id
    cidr_block     = alicloud_vswitch.sh_e.cidr_block
    security_group = alicloud_security_group.sh_gateway.id
  }

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.sh_f.zone_id
    vswitch_id     = alicloud_vswitch.sh_f.id
    cidr_block     = alicloud_vswitch.sh_f.cidr_block
    security_group = alicloud_security_group.sh_gateway.id
  }
}

# The group, VPC access and API live in a child module that gets alicloud.sh as its
# default alicloud provider.
module "api" {
  source = "./modules/api"
  providers = {
    alicloud = alicloud.sh
  }
  instance_id = alicloud_api_gateway_instance.sh.id
  vpc_id      = alicloud_vpc.sh.id
}

# A module that inherits the default (cn-hangzhou) provider implicitly.
module "hz_vpc" {
  source     = "./modules/vpc"
  name       = "vpcgate-hz-module-vpc"
  cidr_block = "172.16.0.0/12"
}

# The same module given the aliased provider explicitly.
module "sh_vpc" {
  source = "./modules/vpc"
  providers = {
    alicloud = alicloud.sh
  }
  name       = "vpcgate-sh-module-vpc"
  cidr_block = "172.16.0.0/12"
}

# A module with its own provider block.
module "legacy" {
  source = "./modules/legacy"
}
