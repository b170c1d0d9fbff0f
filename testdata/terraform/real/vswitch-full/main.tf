# vpcgate fixture "vswitch-full": a VPC integration instance to create in two existing vSwitches that an
# alicloud_vswitches data source selects; the data source reads DescribeVSwitches when the plan is made, and
# vsw-bp1full has no free address (available_ip_address_count 0), so the instance's network interface in
# cn-hangzhou-j cannot be created. The account's service-linked role is declared, so the plan says it.
#
# protocol and endpoints point the provider's VPC calls at the local stand-in of ../_tools/fake-vpc.py, which
# answers DescribeVSwitches with describe-vswitches.json: the plan is made with no network (see HOW.md).
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
  protocol               = "HTTP"
  endpoints {
    vpc = "127.0.0.1:18080"
  }
}

data "alicloud_vswitches" "gw" {
  vpc_id = "vpc-bp1existing"
}

resource "alicloud_resource_manager_service_linked_role" "apigw" {
  service_name = "connectuservpc.apigateway.aliyuncs.com"
}

resource "alicloud_security_group" "gateway" {
  security_group_name = "vpcgate-gateway-sg"
  vpc_id              = "vpc-bp1existing"
}

resource "alicloud_api_gateway_instance" "vpc_integration" {
  instance_name = "vpcgate_vpc_connect"
  https_policy  = "HTTPS2_TLS1_0"
  instance_spec = "api.s1.small"
  instance_type = "vpc_connect"
  payment_type  = "PayAsYouGo"
  user_vpc_id   = "vpc-bp1existing"
  instance_cidr = "192.168.0.0/16"

  zone_vswitch_security_group {
    zone_id        = data.alicloud_vswitches.gw.vswitches[0].zone_id
    vswitch_id     = data.alicloud_vswitches.gw.vswitches[0].id
    cidr_block     = data.alicloud_vswitches.gw.vswitches[0].cidr_block
    security_group = alicloud_security_group.gateway.id
  }

  zone_vswitch_security_group {
    zone_id        = data.alicloud_vswitches.gw.vswitches[1].zone_id
    vswitch_id     = data.alicloud_vswitches.gw.vswitches[1].id
    cidr_block     = data.alicloud_vswitches.gw.vswitches[1].cidr_block
    security_group = alicloud_security_group.gateway.id
  }

  depends_on = [alicloud_resource_manager_service_linked_role.apigw]
}
