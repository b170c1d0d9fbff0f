# vpcgate fixture "clean-create": a VPC integration (vpc_connect) API Gateway instance,
# its network, an ECS backend, a VPC access authorization, a group and an HTTP-VPC API,
# all created in one apply.
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

# Security group of the gateway's ENIs.
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
  description       = "gateway to backend"
}

# Security group of the backend ECS instance.
resource "alicloud_security_group" "backend" {
  security_group_name = "vpcgate-backend-sg"
  vpc_id              = alicloud_vpc.vpc.id
}

resource "alicloud_security_group_rule" "backend_from_gateway" {
  type              = "ingress"
  ip_protocol       = "tcp"
  policy            = "accept"
  port_range        = "8080/8080"
  priority          = 1
  security_group_id = alicloud_security_group.backend.id
  cidr_ip           = "10.0.0.0/16"
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

resource "alicloud_instance" "backend" {
  instance_name        = "vpcgate-backend"
  image_id             = "aliyun_3_x64_20G_alibase_20240528.vhd"
  instance_type        = "ecs.g7.large"
  instance_charge_type = "PostPaid"
  system_disk_category = "cloud_essd"
  security_groups      = [alicloud_security_group.backend.id]
  vswitch_id           = alicloud_vswitch.vsw_j.id
  private_ip           = "10.0.1.5"
}

resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "vpcgate-backend"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = alicloud_instance.backend.id
  port        = 8080
}

resource "alicloud_api_gateway_group" "group" {
  name        = "vpcgate_group"
  description = "vpcgate group on the vpc_connect instance"
  instance_id = alicloud_api_gateway_instance.vpc_integration.id
}

resource "alicloud_api_gateway_api" "api" {
  group_id    = alicloud_api_gateway_group.group.id
  name        = "vpcgate_hello"
  description = "HTTP-VPC API through the VPC access authorization"
  auth_type   = "APP"

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/hello"
    mode     = "MAPPING"
  }

  service_type = "HTTP-VPC"

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.backend.name
    path       = "/hello"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }

  stage_names = ["RELEASE"]
}
