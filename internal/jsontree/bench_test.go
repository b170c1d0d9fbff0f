package jsontree_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// count builds nothing: it measures the decoder alone.
type count struct{}

func (count) Null() int                                           { return 0 }
func (count) Bool(bool) int                                       { return 0 }
func (count) Number(string) int                                   { return 0 }
func (count) String(string) int                                   { return 0 }
func (count) Array(elems []int) int                               { return len(elems) }
func (count) Object(keys []string, _ []int, _ map[string]int) int { return len(keys) }

// responses returns a document shaped like a page of DescribeVpcAccesses
// with n items.
func responses(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"VpcId":"vpc-bp1%04d","InstanceId":"i-bp1%04d","Port":%d,"Name":"acc-%d","Description":"line\n\"q\" é","RegionId":"cn-hangzhou","CreatedTime":"2026-01-09T00:00:00Z","VpcTargetHostName":null,"Enabled":true}`, i, i, 80+i%3, i)
	}
	return fmt.Appendf(nil, `{"RequestId":"A1B2","TotalCount":%d,"VpcAccessAttributes":{"VpcAccessAttribute":[%s]}}`, n, strings.Join(items, ","))
}

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{16, 1000} {
		data := responses(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, problems := jsontree.Parse(data, count{}, jsontree.Options{}); problems != nil {
					b.Fatal(problems)
				}
			}
		})
	}
}

// TestParseAllocs pins what the decoder itself allocates: chunks that hold
// the slices of many arrays and objects, blocks that hold the text of many
// keys, strings and numbers (one of a byte costs nothing), and its scratch
// stacks, which grow with the nesting and the widest container, not with
// the document's length; a container's first SmallObject elements and
// keys wait in its own frame, not on them. (It took a slice per array,
// two per object and a string per key and value: 6, 5 and 7 for the
// documents below that took 3, 4 and 6 with scratch stacks for every
// element and key, and now 2, 3 and 4.)
func TestParseAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	tests := []struct {
		doc  string
		want float64
	}{
		{`true`, 0},
		{`[]`, 0},
		{`[true,false,null]`, 2},                   // the path, a chunk
		{`[[true],[false],[null]]`, 2},             // the inner arrays in the same chunk
		{`[12,"ab",""]`, 3},                        // and a text block for the number's and the string's text
		{`{"ab":true,"cd":null}`, 4},               // the path, a text block, a chunk of keys and one of values
		{"[" + strings.Repeat("0,", 99) + "0]", 7}, // past its first 16, the scratch values grow four times (8 to 128); a large array is a slice of its own
	}
	for _, tt := range tests {
		data := []byte(tt.doc)
		got := testing.AllocsPerRun(100, func() {
			jsontree.Parse(data, count{}, jsontree.Options{})
		})
		if got != tt.want {
			t.Errorf("Parse(%s) allocates %v times, want %v", tt.doc, got, tt.want)
		}
	}
}
