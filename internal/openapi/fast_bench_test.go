package openapi

import (
	"fmt"
	"testing"
)

// benchDocs returns a DescribeVpcAccesses page of n authorizations and n
// DescribeApi documents, as the root's accountResponses writes them.
func benchDocs(n int) [][]byte {
	page := fmt.Appendf(nil, "{\n  \"PageNumber\": 1,\n  \"PageSize\": %d,\n  \"TotalCount\": %d,\n  \"RequestId\": \"8883AC74-259D-4C0B-99FC-0B7F9A588B2F\",\n  \"VpcAccessAttributes\": {\n    \"VpcAccessAttribute\": [", n, n)
	for i := range n {
		if i > 0 {
			page = append(page, ',')
		}
		page = fmt.Appendf(page, "\n      {\"Name\": \"a%d\", \"VpcId\": \"vpc-1\", \"InstanceId\": \"10.11.%d.%d\", \"Port\": 8080, \"VpcAccessId\": \"va-%d\", \"RegionId\": \"cn-hangzhou\"}", i, i/250%256, i%250+1, i)
	}
	page = append(page, "\n    ]\n  }\n}\n"...)
	docs := [][]byte{page}
	for i := range n {
		docs = append(docs, fmt.Appendf(nil, `{"ApiId": "api-%d", "ApiName": "A%d", "GroupId": "g-1", "RegionId": "cn-hangzhou", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "a%d"}}}`+"\n", i, i, i))
	}
	return docs
}

// BenchmarkRead measures Read on a DescribeVpcAccesses page of 20,000
// authorizations ("page") and on 20,000 DescribeApi documents ("apis"),
// apart, as the root's BenchmarkReadResponses has them together.
func BenchmarkRead(b *testing.B) {
	docs := benchDocs(20000)
	for _, part := range []struct {
		name string
		docs [][]byte
	}{{"page", docs[:1]}, {"apis", docs[1:]}} {
		b.Run(part.name, func(b *testing.B) {
			size := 0
			for _, d := range part.docs {
				size += len(d)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(part.docs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
