# Source of modules.json, a plan written by hand (HOW.md says how): the VPC
# and its vSwitches in a child module (modules/net/main.tf, the vSwitches by
# for_each), the outbound rules by count. The JSON's configuration block
# records the first instance's constants where this has count.index and each.

terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_security_group" "sg" {
  security_group_name = "sg"
  security_group_type = "normal"
  inner_access_policy = "Accept"
  vpc_id              = module.net.vpc_id
}

resource "alicloud_security_group_rule" "egress" {
  count             = 2
  type              = "egress"
  ip_protocol       = "tcp"
  port_range        = "8080/8080"
  cidr_ip           = ["10.0.1.0/24", "10.0.2.0/24"][count.index]
  policy            = "accept"
  priority          = 1
  nic_type          = "intranet"
  security_group_id = alicloud_security_group.sg.id
}

resource "alicloud_api_gateway_instance" "gw" {
  instance_name = "gw"
  instance_spec = "api.s1.small"
  https_policy  = "HTTPS2_TLS1_0"
  payment_type  = "PayAsYouGo"
  instance_type = "vpc_connect"
  instance_cidr = "192.168.0.0/16"
  user_vpc_id   = module.net.vpc_id

  zone_vswitch_security_group {
    zone_id        = "cn-hangzhou-j"
    vswitch_id     = module.net.vswitch_j
    cidr_block     = "10.0.1.0/24"
    security_group = alicloud_security_group.sg.id
  }

  zone_vswitch_security_group {
    zone_id        = "cn-hangzhou-k"
    vswitch_id     = module.net.vswitch_k
    cidr_block     = "10.0.2.0/24"
    security_group = alicloud_security_group.sg.id
  }
}

resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "backend"
  instance_id = "10.0.2.20"
  port        = 8080
  vpc_id      = module.net.vpc_id
}

resource "alicloud_api_gateway_group" "g" {
  name        = "g"
  description = "orders"
  instance_id = alicloud_api_gateway_instance.gw.id
}

resource "alicloud_api_gateway_api" "orders" {
  # Required by the provider, left out of the JSON (which keeps what the
  # reader reads):
  description = "orders"
  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/orders"
    mode     = "MAPPING"
  }
  name         = "orders"
  service_type = "HTTP-VPC"
  auth_type    = "APP"
  group_id     = alicloud_api_gateway_group.g.id

  http_vpc_service_config {
    name       = "backend"
    path       = "/orders"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}

module "net" {
  source = "./modules/net"
}
