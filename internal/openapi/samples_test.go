package openapi

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// The documented samples, verbatim (see the project's notes on the cloud's
// shapes for their sources).

// docDescribeInstances is the DescribeInstances sample of the API
// Gateway documentation: a vpc_connect instance with the over-escaped
// ConnectCidrBlocks and a multi-zone pseudo ZoneId.
const docDescribeInstances = `{
  "PageNumber": 1,
  "RequestId": "CEB6EC62-B6C7-5082-A45A-45A204724AC2",
  "PageSize": 10,
  "TotalCount": 1,
  "Instances": {
    "InstanceAttribute": [
      {
        "Status": "RUNNING",
        "VpcSlbIntranetEnable": true,
        "ClassicEgressAddress": "10.0.0.1",
        "ZoneLocalName": "多可用区 2",
        "UserVpcId": "vpc-t***hx****yu9****t0g4",
        "VpcIntranetEnable": true,
        "VpcOwnerId": 0,
        "InstanceId": "api-shared-vpc-020",
        "InstanceRpsLimit": 500,
        "InstanceType": "VPC_SHARED",
        "RegionId": "cn-beijing",
        "InstanceSpec": "api.s1.small",
        "InstanceChargeType": "PrePaid",
        "HttpsPolicies": "HTTPS2_TLS1_2",
        "VpcEgressAddress": "100.104.254.0/26",
        "NewVpcEgressAddress": "100.104.253.0/26",
        "EgressIpv6Enable": true,
        "ExpiredTime": "1659801600000",
        "InstanceName": "test",
        "ZoneId": "cn-hangzhou-MAZ5(g,h)",
        "SupportIpv6": true,
        "InternetEgressAddress": "47.241.89.244",
        "CreatedTime": "2021-10-22 15:36:53.0",
        "InstanceSpecAttributes": { "SpecAttribute": [ { "Value": "2500", "LocalName": "最大每秒请求数" } ] },
        "UserVswitchId": "vsw-t4***eh****d7q****i2f",
        "AclName": "test", "AclType": "white", "AclStatus": "on", "AclId": "acl-uf6f9zfxfxtp5j9ng3yv4",
        "IntranetSegments": "[\\\"172.36.0.0/16\\\",\\\"172.31.16.0/20\\\"]",
        "IPV6AclName": "testIPV6", "IPV6AclId": "acl-124resFfs235", "IPV6AclType": "black", "IPV6AclStatus": "off",
        "DedicatedInstanceType": "vpc_connect",
        "InstanceCidrBlock": "192.168.0.0/16",
        "ConnectVpcId": "vpc-m5eo7khlb4h4f8y9egsdg",
        "NetworkInterfaceAttributes": {
          "NetworkInterfaceAttribute": [
            { "VswitchId": "vsw-2zeqals6rbj51bhjn8b89", "SecurityGroupId": "sg-2zeehz13zcyj1kfk3o85",
              "CidrBlock": "192.168.17.0/24", "ZoneId": "cn-shenzhen-d" }
          ]
        },
        "InstanceClusterId": "apigateway-cluster-sh-1523cafbgffd",
        "MaintainStartTime": "22:00Z",
        "MaintainEndTime": "01:00Z",
        "ConnectCidrBlocks": "[\\\"172.16.0.0/24\\\",\\\"172.16.1.0/24\\\"]",
        "PrivateDnsList": { "PrivateDns": [ "www.private.com" ] },
        "Tags": { "TagInfo": [ { "Key": "tag3", "Value": "50699_0" } ] }
      }
    ]
  }
}`

// realSecurityGroupAttribute is real CLI output of ECS
// DescribeSecurityGroupAttribute: unset fields are "", Priority a number.
const realSecurityGroupAttribute = `{"Description":"","RequestId":"68C5FDBC-64DE-58B5-BA3F-7EF4DDD0AA82","SecurityGroupName":"huocorp_terraform_goat_security_group",
 "VpcId":"vpc-2ze61byz86qst1qstj5id","SecurityGroupId":"sg-2zebb34geaa1x63gtkor",
 "Permissions":{"Permission":[{"SourceGroupId":"","Policy":"Accept","Description":"","SourcePortRange":"","Priority":1,
   "CreateTime":"2022-06-08T10:52:52Z","NicType":"intranet","Direction":"ingress","PortRange":"1/65535",
   "DestGroupOwnerAccount":"","SourceCidrIp":"0.0.0.0/0","IpProtocol":"TCP","DestCidrIp":"", "...":"..."}]},
 "RegionId":"cn-beijing","InnerAccessPolicy":"Accept"}`

// docDescribeVpcAttribute is the documentation's DescribeVpcAttribute
// sample: its VSwitchIds is nested wrongly (not read), and its UserCidr
// "172.16.0.1/24" has host bits set.
const docDescribeVpcAttribute = `{
  "CreationTime": "2021-10-16T07:31:09Z", "Status": "Available", "VpcId": "vpc-bp18sth14qii3pnvo****",
  "IsDefault": false, "OwnerId": 0, "RegionId": "cn-hangzhou", "VpcName": "doctest2",
  "CidrBlock": "192.168.0.0/16",
  "VSwitchIds": { "VSwitchId": [ { "VSwitchId": [ "vsw-bp14cagpfysr29feg****" ] } ] },
  "UserCidrs": { "UserCidr": [ "172.16.0.1/24" ] },
  "SecondaryCidrBlocks": { "SecondaryCidrBlock": [ "192.168.0.0/16" ] },
  "Ipv6CidrBlocks": { "Ipv6CidrBlock": [ { "Ipv6Isp": "BGP", "Ipv6CidrBlock": "2408:XXXX:0:6a::/56" } ] }
}`

// constructedVpcAccesses is DescribeVpcAccesses built from the SDK's
// example values.
const constructedVpcAccesses = `{"PageNumber":1,"PageSize":10,"TotalCount":1,"RequestId":"8883AC74-259D-4C0B-99FC-0B7F9A588B2F",
 "VpcAccessAttributes":{"VpcAccessAttribute":[{"Name":"test","VpcId":"vpc-uf657qec7lx42paw3qxxx",
   "InstanceId":"i-uf6bzcg1pr4oh5jjmxxx","Port":80,"VpcTargetHostName":"hos-a***.fh-**nc.com",
   "VpcAccessId":"vpc-*****ssds24","Description":"Test","RegionId":"cn-hangzhou",
   "CreatedTime":"2017-01-30T04:10:19Z","Tags":{"TagInfo":[{"Key":"PROJECT","Value":"6427a17ae6041d1be62414e4"}]}}]}}`

func TestDocumentedSamples(t *testing.T) {
	s := read1(t, docDescribeInstances, realSecurityGroupAttribute, constructedVpcAccesses)
	pfx := netip.MustParsePrefix
	wantInst := &InstanceAttribute{
		Place:                 Place{Doc: 0, At: "DescribeInstances[0].Instances.InstanceAttribute[0]"},
		InstanceId:            "api-shared-vpc-020",
		InstanceName:          "test",
		InstanceType:          "VPC_SHARED",
		DedicatedInstanceType: "vpc_connect",
		RegionId:              "cn-beijing",
		ConnectVpcId:          "vpc-m5eo7khlb4h4f8y9egsdg",
		InstanceCidrBlock:     pfx("192.168.0.0/16"),
		ConnectCidrBlocks:     []netip.Prefix{pfx("172.16.0.0/24"), pfx("172.16.1.0/24")},
		NetworkInterfaces: []NetworkInterfaceAttribute{
			{ZoneId: "cn-shenzhen-d", VswitchId: "vsw-2zeqals6rbj51bhjn8b89", CidrBlock: pfx("192.168.17.0/24"), SecurityGroupId: "sg-2zeehz13zcyj1kfk3o85"},
		},
		VpcEgressAddress:    pfx("100.104.254.0/26"),
		NewVpcEgressAddress: pfx("100.104.253.0/26"),
		ConnectCidrBlocksAt: "DescribeInstances[0].Instances.InstanceAttribute[0].ConnectCidrBlocks",
	}
	cmpPrefix := cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })
	if diff := cmp.Diff(wantInst, s.Instances["api-shared-vpc-020"], cmpPrefix); diff != "" {
		t.Errorf("DescribeInstances sample mismatch (-want +got):\n%s", diff)
	}
	// The real output holds only an inbound rule: its outbound rules are
	// not known (it may have been called with Direction "ingress").
	sg := s.SGAttributes["sg-2zebb34geaa1x63gtkor"]
	if sg == nil || sg.InnerAccessPolicy != authz.PolicyAccept || len(sg.Permissions) != 0 || sg.Gap == nil {
		t.Errorf("real DescribeSecurityGroupAttribute: got %+v, want Accept, no outbound rule, and a gap", sg)
	}
	want := &VpcAccessAttribute{Place: Place{Doc: 2, At: "DescribeVpcAccesses[2].VpcAccessAttributes.VpcAccessAttribute[0]"},
		Name: "test", VpcId: "vpc-uf657qec7lx42paw3qxxx", InstanceId: "i-uf6bzcg1pr4oh5jjmxxx", Port: 80,
		VpcTargetHostName: "hos-a***.fh-**nc.com", VpcAccessId: "vpc-*****ssds24"}
	if diff := cmp.Diff([]*VpcAccessAttribute{want}, s.VpcAccesses); diff != "" {
		t.Errorf("DescribeVpcAccesses sample mismatch (-want +got):\n%s", diff)
	}

	// The documented UserCidr "172.16.0.1/24" has host bits: it is read as
	// the block it names, and recorded.
	v := read1(t, docDescribeVpcAttribute)
	if got := v.Vpcs["vpc-bp18sth14qii3pnvo****"]; got == nil || len(got.UserCidrs) != 1 || got.UserCidrs[0] != pfx("172.16.0.0/24") {
		t.Errorf("the documented UserCidr: got %+v, want 172.16.0.0/24", got)
	}
	wantMasked := map[field.Path]Masked{"DescribeVpcAttribute[0].UserCidrs.UserCidr[0]": {Given: "172.16.0.1/24", Block: pfx("172.16.0.0/24")}}
	if diff := cmp.Diff(wantMasked, v.Masked, cmpPrefix); diff != "" {
		t.Errorf("Masked mismatch (-want +got):\n%s", diff)
	}
}

// TestSamples reads every sample of testdata/samples (the vendor's
// documented samples and real CLI output, verbatim): each reads without
// an input error, alone and all together.
func TestSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "samples", "*.json"))
	if err != nil || len(files) < 7 {
		t.Fatalf("samples: %v, %d files", err, len(files))
	}
	var all [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b)
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := ReadNamed([][]byte{b}, []string{filepath.Base(f)})
			if err != nil {
				t.Fatalf("ReadNamed: %v", err)
			}
			if s.Kinds[0] == "" {
				t.Errorf("no kind")
			}
		})
	}
	if _, err := Read(all); err != nil {
		t.Errorf("all samples together: %v", err)
	}
}
