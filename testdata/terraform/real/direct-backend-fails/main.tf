# vpcgate fixture "direct-backend-fails": real/direct-backend's stack, with backends called
# directly that the instance cannot reach: an API at a private address of the VPC outside the
# instance's accessible blocks (10.0.3.0/24 holds no vSwitch of the instance), an API inside
# vsw_k's block on a port an outbound rule of the instance's security group drops, and a routing
# plug-in (YAML plugin_data) whose route calls an address outside the accessible blocks.
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

resource "alicloud_vpc" "vpc" {
  vpc_name   = "vpcgate-vpc"
  cidr_block = "10.0.0.0/8"
}

resource "alicloud_vswitch" "vsw_j" {
  vswitch_name = "vpcgate-vsw-j"
  vpc_id       = alicloud_vpc.vpc.id
  cidr_block   = "10.0.1.0/24"
  zone_id      = "cn-hangzhou-j"
}

resource "alicloud_vswitch" "vsw_k" {
  vswitch_name = "vpcgate-vsw-k"
  vpc_id       = alicloud_vpc.vpc.id
  cidr_block   = "10.0.2.0/24"
  zone_id      = "cn-hangzhou-k"
}

resource "alicloud_security_group" "gateway" {
  security_group_name = "vpcgate-gateway-sg"
  vpc_id              = alicloud_vpc.vpc.id
}

resource "alicloud_security_group_rule" "gateway_to_backend" {
  type              = "egress"
  ip_protocol       = "tcp"
  policy            = "accept"
  port_range        = "8080/8080"
  priority          = 1
  security_group_id = alicloud_security_group.gateway.id
  cidr_ip           = "10.0.1.5/32"
}

resource "alicloud_api_gateway_instance" "vpc_integration" {
  instance_name = "vpcgate_vpc_connect"
  https_policy  = "HTTPS2_TLS1_0"
  instance_spec = "api.s1.small"
  instance_type = "vpc_connect"
  payment_type  = "PayAsYouGo"
  user_vpc_id   = alicloud_vpc.vpc.id
  instance_cidr = "192.168.0.0/16"

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.vsw_j.zone_id
    vswitch_id     = alicloud_vswitch.vsw_j.id
    cidr_block     = alicloud_vswitch.vsw_j.cidr_block
    security_group = alicloud_security_group.gateway.id
  }

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.vsw_k.zone_id
    vswitch_id     = alicloud_vswitch.vsw_k.id
    cidr_block     = alicloud_vswitch.vsw_k.cidr_block
    security_group = alicloud_security_group.gateway.id
  }
}

resource "alicloud_api_gateway_group" "group" {
  name        = "vpcgate_group"
  description = "vpcgate group on the vpc_connect instance"
  instance_id = alicloud_api_gateway_instance.vpc_integration.id
}

resource "alicloud_api_gateway_api" "direct" {
  group_id    = alicloud_api_gateway_group.group.id
  name        = "vpcgate_direct"
  description = "HTTP API whose address is a private IP in the connected VPC"
  auth_type   = "APP"

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/direct"
    mode     = "MAPPING"
  }

  service_type = "HTTP"

  http_service_config {
    address = "http://10.0.1.5:8080"
    method  = "GET"
    path    = "/direct"
    timeout = 10000
  }

  stage_names = ["RELEASE"]
}

resource "alicloud_security_group_rule" "gateway_deny_k" {
  type              = "egress"
  ip_protocol       = "tcp"
  policy            = "drop"
  port_range        = "9090/9090"
  priority          = 1
  security_group_id = alicloud_security_group.gateway.id
  cidr_ip           = "10.0.2.0/24"
}

resource "alicloud_api_gateway_api" "outside" {
  group_id    = alicloud_api_gateway_group.group.id
  name        = "vpcgate_outside"
  description = "HTTP API whose address is a private IP of the VPC outside the accessible blocks"
  auth_type   = "APP"

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/outside"
    mode     = "MAPPING"
  }

  service_type = "HTTP"

  http_service_config {
    address = "http://10.0.3.5:8080"
    method  = "GET"
    path    = "/outside"
    timeout = 10000
  }

  stage_names = ["RELEASE"]
}

resource "alicloud_api_gateway_api" "denied" {
  group_id    = alicloud_api_gateway_group.group.id
  name        = "vpcgate_denied"
  description = "HTTP API whose address is inside vsw_k's block, on a port the outbound rules drop"
  auth_type   = "APP"

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/denied"
    mode     = "MAPPING"
  }

  service_type = "HTTP"

  http_service_config {
    address = "http://10.0.2.9:9090"
    method  = "GET"
    path    = "/denied"
    timeout = 10000
  }

  stage_names = ["RELEASE"]
}

resource "alicloud_api_gateway_plugin" "routing" {
  plugin_name = "vpcgate_routing"
  plugin_type = "routing"
  description = "route canary clients to an address outside the accessible blocks"
  plugin_data = <<-YAML
    ---
    routes:
    - name: Canary
      condition: "$CaAppId = 123456"
      backend:
        type: HTTP
        address: "http://10.0.4.6:8080"
  YAML
}

resource "alicloud_api_gateway_plugin_attachment" "direct" {
  api_id     = alicloud_api_gateway_api.direct.api_id
  group_id   = alicloud_api_gateway_group.group.id
  plugin_id  = alicloud_api_gateway_plugin.routing.id
  stage_name = "RELEASE"
}
